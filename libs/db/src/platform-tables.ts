import type { Migration } from './migrate.ts';

/**
 * Outbox and inbox, the same in every service's schema (ARCHITECTURE A5).
 * The outbox trigger wakes the relay at commit time through NOTIFY, so events
 * leave within milliseconds without a tight polling loop.
 */
export const platformMigrations: Migration[] = [
  {
    version: '000_platform_outbox_inbox',
    sql: `
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  subject text NOT NULL,
  envelope jsonb NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  attempts int NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;

CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

CREATE TABLE inbox (
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  subject text NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  entity text NOT NULL,
  entity_id text NOT NULL,
  action text NOT NULL,
  actor_id text,
  actor_role text,
  from_state text,
  to_state text,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
`,
  },
];
