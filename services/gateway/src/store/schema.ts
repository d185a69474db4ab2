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
  };
}
