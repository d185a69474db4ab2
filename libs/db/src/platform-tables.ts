import type { Migration } from './migration.ts';

/**
 * What every service's schema has: the outbox and inbox (ARCHITECTURE A5),
 * whose trigger wakes the relay at commit time through NOTIFY, so events
 * leave within milliseconds without a tight polling loop; and `uuid_v7`.
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
  {
    // Ids are UUIDv7 (RFC 9562: the Unix millisecond first, then random), as the
    // services make them with the uuid package, so rows inserted together sit
    // together in their primary key's index. PostgreSQL 15 has no uuidv7() of its
    // own: a set-based insert (notifications' announcement to everyone opted in,
    // the benchmarks' bulk loads) makes its ids with this one function. A v4 UUID
    // with its first 48 bits replaced by the millisecond of `t` and its version
    // bits 0100 turned into 0111 (bits 52 and 53; the variant stays 10). A single
    // SELECT, so the planner inlines it.
    version: '000_platform_uuid_v7',
    sql: `
CREATE FUNCTION uuid_v7(t timestamptz DEFAULT clock_timestamp()) RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
           substring(int8send(floor(extract(epoch FROM t) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
           52, 1), 53, 1), 'hex')::uuid
$$;
`,
  },
];
