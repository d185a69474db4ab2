import { DeadLetters, requireRole, type Bus } from '@voucher/bus';
import { auditHistory, recordAudit } from '@voucher/db';
import { deadLetterCommands, type DeadLetterEntry, type DeadLetterView, type ServiceName } from '@voucher/contracts';
import type { Kysely } from 'kysely';

/** The audit log's name for a dead letter (DOMAIN §0); its id is `<stream>:<seq>`. */
const ENTITY = 'dead_letter';

/**
 * Issue 19 item 4: every service that parks dead letters lets an
 * administrator list them, replay one to the consumer that failed, or discard
 * one (libs/bus `DeadLetters`, its own `dlq.<service>.>` only). A replay or a
 * discard is audited in the service's own audit log in a transaction that
 * commits only once the bus did it, so a refused one (NOT_FOUND: gone
 * already) leaves no entry.
 */
export function registerDeadLetterHandlers(service: ServiceName, bus: Bus, db: Kysely<any>): void {
  const commands = deadLetterCommands(service);
  const deadLetters = new DeadLetters(bus);

  /** What administrators did to the dead letter this one was replayed from: its history before it failed again. */
  async function withHistory(view: DeadLetterView): Promise<DeadLetterEntry> {
    if (view.replayedFrom === null) return { ...view, history: [] };
    const earlier = await auditHistory(db, ENTITY, deadLetters.auditId(view.replayedFrom));
    return {
      ...view,
      history: earlier.flatMap(({ action, role, reason, at }) =>
        action === 'replayed' || action === 'discarded' ? [{ action, role, reason, at }] : [],
      ),
    };
  }

  bus.handle(commands.list, async (query, ctx) => {
    requireRole(ctx, 'admin');
    const page = await deadLetters.list(query);
    return { ...page, items: await Promise.all(page.items.map(withHistory)) };
  });

  bus.handle(commands.replay, async ({ seq }, ctx) => {
    const admin = requireRole(ctx, 'admin');
    return db.transaction().execute(async (trx) => {
      await recordAudit(trx, { entity: ENTITY, entityId: deadLetters.auditId(seq), action: 'replayed', actor: admin });
      return deadLetters.replay(seq, { requestId: ctx.requestId });
    });
  });

  bus.handle(commands.discard, async ({ seq, reason }, ctx) => {
    const admin = requireRole(ctx, 'admin');
    return db.transaction().execute(async (trx) => {
      await recordAudit(trx, {
        entity: ENTITY,
        entityId: deadLetters.auditId(seq),
        action: 'discarded',
        actor: admin,
        reason: reason || null,
      });
      return deadLetters.discard(seq);
    });
  });
}
