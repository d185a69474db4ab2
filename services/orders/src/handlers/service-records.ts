import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, orders } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { orderStore } from '../store/orders.ts';
import type { OrdersDeps } from './deps.ts';
import { assertParty, enterpriseParty, providerParty, type Party } from './order-transition.ts';

/** ORD-6 happens while the service is under way: accepted, in service or delivered. */
const serviceStates = new Set(['accepted', 'in_service', 'delivered']);

async function withOrder<T>(
  deps: OrdersDeps,
  id: string,
  party: Party,
  work: (trx: typeof deps.db, state: string) => Promise<T>,
): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await orderStore(trx).find(id, { lock: true });
    assertParty(row, party);
    return work(trx, row.state);
  });
}

const detailOf = async (deps: OrdersDeps, id: string) => {
  const store = orderStore(deps.db);
  return store.detail((await store.find(id))!);
};

export function registerServiceRecords(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.addServiceRecord, async ({ id, date, engineer, description, remark }, ctx) => {
    const party = providerParty(ctx);
    await withOrder(deps, id, party, async (trx, state) => {
      if (!serviceStates.has(state)) {
        throw new AppError('INVALID_STATE', 'service is recorded once the order is accepted', { state });
      }
      const recordId = uuidv7();
      await sql`INSERT INTO service_records (id, order_id, date, engineer, description, remark)
                VALUES (${recordId}, ${id}, ${date}, ${engineer}, ${description}, ${remark ?? null})`.execute(trx);
      await recordAudit(trx, { entity: 'order', entityId: id, action: 'service_record_added', actor: party.caller });
    });
    return detailOf(deps, id);
  });

  // editable until the enterprise has evaluated it (ORD-6)
  bus.handle(orders.editServiceRecord, async ({ id, recordId, date, engineer, description, remark }, ctx) => {
    const party = providerParty(ctx);
    await withOrder(deps, id, party, async (trx) => {
      const rec = (
        await sql<{ evaluated_at: Date | null }>`SELECT evaluated_at FROM service_records
          WHERE id = ${recordId} AND order_id = ${id} FOR UPDATE`.execute(trx)
      ).rows[0];
      if (!rec) throw new AppError('NOT_FOUND', 'service record not found');
      if (rec.evaluated_at)
        throw new AppError('INVALID_STATE', 'an evaluated record is kept as it was', { state: 'evaluated' });
      await sql`UPDATE service_records SET date = ${date}, engineer = ${engineer}, description = ${description},
                  remark = ${remark ?? null} WHERE id = ${recordId}`.execute(trx);
      await recordAudit(trx, { entity: 'order', entityId: id, action: 'service_record_edited', actor: party.caller });
    });
    return detailOf(deps, id);
  });

  // the enterprise may ask for service again any number of times
  bus.handle(orders.requestService, async ({ id, note }, ctx) => {
    const party = enterpriseParty(ctx);
    await withOrder(deps, id, party, async (trx, state) => {
      if (!serviceStates.has(state)) {
        throw new AppError('INVALID_STATE', 'service is asked for while the order is under way', { state });
      }
      await sql`INSERT INTO service_requests (id, order_id, note) VALUES (${uuidv7()}, ${id}, ${note})`.execute(trx);
      await recordAudit(trx, {
        entity: 'order',
        entityId: id,
        action: 'service_requested',
        actor: party.caller,
        reason: note,
      });
    });
    return detailOf(deps, id);
  });

  bus.handle(orders.evaluateServiceRecord, async ({ id, recordId, solved, scores }, ctx) => {
    const party = enterpriseParty(ctx);
    await withOrder(deps, id, party, async (trx) => {
      const updated =
        await sql`UPDATE service_records SET solved = ${solved}, scores = ${JSON.stringify(scores)}::jsonb,
          evaluated_at = now() WHERE id = ${recordId} AND order_id = ${id} AND evaluated_at IS NULL`.execute(trx);
      if (Number(updated.numAffectedRows ?? 0) === 0) {
        const exists = await sql`SELECT 1 FROM service_records WHERE id = ${recordId} AND order_id = ${id}`.execute(
          trx,
        );
        if (exists.rows.length === 0) throw new AppError('NOT_FOUND', 'service record not found');
        throw new AppError('INVALID_STATE', 'this record is evaluated already', { state: 'evaluated' });
      }
      await recordAudit(trx, {
        entity: 'order',
        entityId: id,
        action: 'service_record_evaluated',
        actor: party.caller,
      });
    });
    return detailOf(deps, id);
  });
}
