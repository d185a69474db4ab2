import type { Generated } from 'kysely';

/** The gateway schema as Kysely sees it (migrations/ is the source of truth). */
export interface GatewayDb {
  files: {
    id: string;
    owner_id: string;
    purpose: string;
    type: string;
    content_type: string;
    size: number;
    sha256: string;
    original_name: string;
    storage_key: string;
    created_at: Generated<Date>;
    /** an owning service was found citing it: kept for good */
    attached_at: Date | null;
    /** no service cited it a day after the upload: no longer offered for attaching, deleted after a grace */
    condemned_at: Date | null;
  };
}
