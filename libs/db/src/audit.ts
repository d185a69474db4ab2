import { sql, type Kysely } from 'kysely';

export interface AuditEntry {
  entity: string;
  entityId: string;
  action: string;
  actor?: { userId: string; role: string } | undefined;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
}

/** Who did what to which entity, when, and why (DOMAIN §0): written in the change's own transaction. */
export async function recordAudit(trx: Kysely<any>, e: AuditEntry): Promise<void> {
  await sql`INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, from_state, to_state, reason)
            VALUES (${e.entity}, ${e.entityId}, ${e.action}, ${e.actor?.userId ?? null}, ${e.actor?.role ?? null},
                    ${e.fromState ?? null}, ${e.toState ?? null}, ${e.reason ?? null})`.execute(trx);
}
