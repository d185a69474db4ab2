import type { Generated } from 'kysely';

/** The notifications schema as Kysely sees it (migrations/ is the source of truth). */
export interface NotificationsDb {
  messages: {
    id: string;
    user_id: string;
    kind: string;
    template: string;
    params: Record<string, unknown>;
    title_zh: string;
    body_zh: string;
    title_en: string;
    body_en: string;
    source_event_id: string;
    created_at: Generated<Date>;
    read_at: Date | null;
    keep_until: Generated<Date>;
  };
}
