import { orders, refusalError, type OrderState } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { recordStillOpen, serviceUnderWay } from '../domain/service-record.ts';
import { orderStore } from '../store/orders.ts';
import { serviceRecordStore } from '../store/service-records.ts';
import type { OrdersDeps } from './deps.ts';
import { assertParty, enterpriseParty, providerParty, type Party } from './order-transition.ts';

async function withOrder<T>(
  deps: OrdersDeps,
  id: string,
  party: Party,
  work: (trx: typeof deps.db, state: OrderState) => Promise<T>,
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

/** ORD-6: service records and requests, each decided under the order's lock. */
export function registerServiceRecords(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.addServiceRecord, async ({ id, date, engineer, description, remark }, ctx) => {
    const party = providerParty(ctx);
    await withOrder(deps, id, party, async (trx, state) => {
      const refusal = serviceUnderWay(state, 'record');
      if (refusal) throw refusalError(refusal);
      await serviceRecordStore(trx).add(id, { date, engineer, description, remark });
      await recordAudit(trx, { entity: 'order', entityId: id, action: 'service_record_added', actor: party.caller });
    });
    return detailOf(deps, id);
  });

  bus.handle(orders.editServiceRecord, async ({ id, recordId, date, engineer, description, remark }, ctx) => {
    const party = providerParty(ctx);
    await withOrder(deps, id, party, async (trx) => {
      const records = serviceRecordStore(trx);
      const refusal = recordStillOpen(await records.find(id, recordId), 'edit');
      if (refusal) throw refusalError(refusal);
      await records.edit(recordId, { date, engineer, description, remark });
      await recordAudit(trx, { entity: 'order', entityId: id, action: 'service_record_edited', actor: party.caller });
    });
    return detailOf(deps, id);
  });

  // the enterprise may ask for service again any number of times
  bus.handle(orders.requestService, async ({ id, note }, ctx) => {
    const party = enterpriseParty(ctx);
    await withOrder(deps, id, party, async (trx, state) => {
      const refusal = serviceUnderWay(state, 'request');
      if (refusal) throw refusalError(refusal);
      await serviceRecordStore(trx).addRequest(id, note);
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
      const records = serviceRecordStore(trx);
      const refusal = recordStillOpen(await records.find(id, recordId), 'evaluate');
      if (refusal) throw refusalError(refusal);
      await records.evaluate(recordId, solved, scores);
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
