import type { Generated } from 'kysely';

/** The notifications schema as Kysely sees it (migrations/ is the source of truth). */
export interface NotificationsDb {
  messages: {
    id: string;
    user_id: string;
    kind: string;
    template: string;
    /** its words, shared by the messages written in the same words (migrations/002_message_texts.sql) */
    text_id: string;
    source_event_id: string;
    created_at: Generated<Date>;
    read_at: Date | null;
    keep_until: Generated<Date>;
  };
  message_texts: {
    id: string;
    params: Record<string, unknown>;
    title_zh: string;
    body_zh: string;
    title_en: string;
    body_en: string;
    keep_until: Generated<Date>;
  };
  /** issue 18 item 3: the to-dos (migrations/004_todos.sql) */
  todos: {
    id: string;
    kind: string;
    subject_type: string;
    subject_id: string;
    step: Generated<string>;
    user_id: string | null;
    role: string | null;
    district: string | null;
    chain: string | null;
    title_zh: string;
    title_en: string;
    params: Record<string, unknown>;
    due_at: Date | null;
    opened_at: Date;
    done_at: Date | null;
    version_at: Date;
    source_event_id: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  todo_slas: {
    chain: string;
    step: string;
    hours: number | null;
    escalate_to: string | null;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  /** issue 18: a provider's staff and whether they hold the `orders` menu (migrations/006_provider_staff.sql) */
  provider_staff: {
    user_id: string;
    provider_id: string | null;
    orders: boolean;
    version_at: Date;
  };
  /** issue 18 item 4: a user's channels (migrations/003_preferences.sql); no row: the defaults */
  preferences: {
    user_id: string;
    email: string | null;
    /** the choices made, by kind and channel (src/domain/preferences.ts) */
    channels: Record<string, Record<string, boolean>>;
    updated_at: Generated<Date>;
  };
  /** DOMAIN §0b: the programme's wording of the templates, read and written by libs/db's programmeSettings (src/store/settings.ts) */
  settings: {
    key: string;
    value: unknown;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  /** one email per message (issue 18 item 6) */
  email_deliveries: {
    message_id: string;
    sent_at: Generated<Date>;
  };
}
