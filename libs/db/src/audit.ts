import { sql, type Kysely, type RawBuilder } from 'kysely';

export interface AuditEntry {
  entity: string;
  entityId: string;
  action: string;
  actor?: { userId: string; role: string } | undefined;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
}

/**
 * The insert of many audit entries as one step of a statement that changes
 * many rows: an entry is written only if its entity is among the rows the
 * step `changed` (a CTE returning `id`) returned. The text is the same for
 * any number of entries, so it is prepared once.
 */
export function auditInsertEach(entries: AuditEntry[], changed: string): RawBuilder<unknown> {
  return sql`INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, from_state, to_state, reason)
    SELECT a.* FROM unnest(${entries.map((e) => e.entity)}::text[], ${entries.map((e) => e.entityId)}::text[],
      ${entries.map((e) => e.action)}::text[], ${entries.map((e) => e.actor?.userId ?? null)}::uuid[],
      ${entries.map((e) => e.actor?.role ?? null)}::text[], ${entries.map((e) => e.fromState ?? null)}::text[],
      ${entries.map((e) => e.toState ?? null)}::text[], ${entries.map((e) => e.reason ?? null)}::text[])
      AS a(entity, entity_id, action, actor_id, actor_role, from_state, to_state, reason)
    WHERE a.entity_id IN (SELECT id::text FROM ${sql.table(changed)})`;
}

/** Who did what to which entity, when, and why (DOMAIN §0): written in the change's own transaction. */
export async function recordAudit(trx: Kysely<any>, e: AuditEntry): Promise<void> {
  await sql`INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, from_state, to_state, reason)
    VALUES (${e.entity}, ${e.entityId}, ${e.action}, ${e.actor?.userId ?? null}, ${e.actor?.role ?? null},
            ${e.fromState ?? null}, ${e.toState ?? null}, ${e.reason ?? null})`.execute(trx);
}

/** One entry of an entity's history, as API views show it (oldest first). */
export interface HistoryEntry {
  from: string | null;
  to: string | null;
  action: string;
  role: string | null;
  reason: string | null;
  at: string;
}

/** The audit trail of one entity (its state history): who did what, when, from and to which state, why. */
export async function auditHistory(db: Kysely<any>, entity: string, entityId: string): Promise<HistoryEntry[]> {
  const rows = await sql<{
    from_state: string | null;
    to_state: string | null;
    action: string;
    actor_role: string | null;
    reason: string | null;
    at: Date;
  }>`SELECT from_state, to_state, action, actor_role, reason, at FROM audit_log
     WHERE entity = ${entity} AND entity_id = ${entityId} ORDER BY id`.execute(db);
  return rows.rows.map((h) => ({
    from: h.from_state,
    to: h.to_state,
    action: h.action,
    role: h.actor_role,
    reason: h.reason,
    at: h.at.toISOString(),
  }));
}
