import { orderEvents, qualificationEvents as qe } from '@voucher/contracts';
import { PROJECTED_PER_TRANSACTION, startConsumer, type Bus, type RunningConsumer } from '@voucher/bus';
import { recordEnterpriseName, recordOrder } from '../store/orders.ts';
import { paymentLineStore } from '../store/payment-lines.ts';
import { providerStore } from '../store/providers.ts';
import type { SettlementDeps } from './deps.ts';

/** What settlement keeps of others' facts (QUA-9, ORD-7, SET-5), each consumer inbox de-duplicated. */
export function startProjections(bus: Bus, deps: SettlementDeps): Promise<RunningConsumer[]> {
  const common = { bus, db: deps.db, perTransaction: PROJECTED_PER_TRANSACTION };
  return Promise.all([
    startConsumer({
      ...common,
      name: 'settlement-providers',
      event: qe.providerCertified,
      handle: (e, trx) => providerStore(trx).certify(e.data),
    }),
    startConsumer({
      ...common,
      name: 'settlement-providers',
      event: qe.providerUpdated,
      handle: (e, trx) => providerStore(trx).certify(e.data),
    }),
    startConsumer({
      ...common,
      name: 'settlement-providers',
      event: qe.providerRevoked,
      handle: (e, trx) => providerStore(trx).revoke(e.data.applicantId),
    }),
    // SET-5: the enterprises' certified names and the orders a general-voucher claim may name
    startConsumer({
      ...common,
      name: 'settlement-enterprises',
      event: qe.enterpriseCertified,
      handle: (e, trx) => recordEnterpriseName(trx, e.data),
    }),
    startConsumer({
      ...common,
      name: 'settlement-enterprises',
      event: qe.enterpriseUpdated,
      handle: (e, trx) => recordEnterpriseName(trx, e.data),
    }),
    startConsumer({
      ...common,
      name: 'settlement-orders',
      event: orderEvents.placed,
      handle: (e, trx) => recordOrder(trx, { ...e.data, cancelled: false }),
    }),
    startConsumer({
      ...common,
      name: 'settlement-orders',
      event: orderEvents.cancelled,
      handle: (e, trx) => recordOrder(trx, { ...e.data, cancelled: true }),
    }),
    // SET-2: each voucher payment of a completed order becomes a line the provider may redeem
    startConsumer({
      ...common,
      name: 'settlement-lines',
      event: orderEvents.completed,
      handle: (e, trx) => paymentLineStore(trx).record(e.data),
    }),
  ]);
}
