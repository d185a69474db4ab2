import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { orderEvents, qualificationEvents as qe } from '@voucher/contracts';
import { PROJECTED_PER_TRANSACTION, startConsumer, type Bus, type RunningConsumer } from '@voucher/bus';
import { recordEnterpriseName, recordOrder } from '../store/orders.ts';
import type { SettlementDeps } from './deps.ts';

async function upsertProvider(trx: Kysely<any>, d: { providerId: string; companyName: string }) {
  await sql`INSERT INTO providers (provider_id, company_name, certified) VALUES (${d.providerId}, ${d.companyName}, true)
            ON CONFLICT (provider_id) DO UPDATE SET company_name = EXCLUDED.company_name, certified = true`.execute(
    trx,
  );
}

/** What settlement keeps of others' facts (QUA-9, ORD-7, SET-5), each consumer inbox de-duplicated. */
export function startProjections(bus: Bus, deps: SettlementDeps): Promise<RunningConsumer[]> {
  const common = { bus, db: deps.db, perTransaction: PROJECTED_PER_TRANSACTION };
  return Promise.all([
    startConsumer({
      ...common,
      name: 'settlement-providers',
      event: qe.providerCertified,
      handle: (e, trx) => upsertProvider(trx, e.data),
    }),
    startConsumer({
      ...common,
      name: 'settlement-providers',
      event: qe.providerUpdated,
      handle: (e, trx) => upsertProvider(trx, e.data),
    }),
    startConsumer({
      ...common,
      name: 'settlement-providers',
      event: qe.providerRevoked,
      handle: async (e, trx) => {
        await sql`UPDATE providers SET certified = false WHERE provider_id = ${e.data.applicantId}`.execute(trx);
      },
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
      handle: async (e, trx) => {
        const d = e.data;
        for (const p of d.payments) {
          await sql`INSERT INTO payment_lines (id, provider_id, order_id, order_no, voucher_id, voucher_number, category,
                      enterprise_id, enterprise_name, district, city, amount, completed_at)
                    VALUES (${uuidv7()}, ${d.providerId}, ${d.orderId}, ${d.orderNo}, ${p.voucherId}, ${p.voucherNumber},
                      ${p.category}, ${d.enterpriseId}, ${d.enterpriseName}, ${d.district}, ${d.city}, ${p.amount}, ${d.at})
                    ON CONFLICT (order_id, voucher_id) DO NOTHING`.execute(trx);
        }
      },
    }),
  ]);
}
