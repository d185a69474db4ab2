import { qualificationEvents as qe } from '@voucher/contracts';
import { PROJECTED_PER_TRANSACTION, startConsumer, type Bus, type RunningConsumer } from '@voucher/bus';
import { enterpriseStore } from '../store/enterprises.ts';
import type { OrdersDeps } from './deps.ts';

/** What orders keeps of qualification (QUA-9): who may order (ORD-1) and what customer lists show (ORD-8). */
export function startProjections(bus: Bus, deps: OrdersDeps): Promise<RunningConsumer[]> {
  const common = { bus, db: deps.db, name: 'orders-enterprises', perTransaction: PROJECTED_PER_TRANSACTION };
  return Promise.all([
    startConsumer({
      ...common,
      event: qe.enterpriseCertified,
      handle: (e, trx) => enterpriseStore(trx).certified(e.data),
    }),
    startConsumer({
      ...common,
      event: qe.enterpriseUpdated,
      handle: (e, trx) => enterpriseStore(trx).certified(e.data),
    }),
    startConsumer({
      ...common,
      event: qe.enterpriseRevoked,
      handle: (e, trx) => enterpriseStore(trx).revoked(e.data.applicantId),
    }),
  ]);
}
