import { sql, type Kysely } from 'kysely';
import { qualificationEvents as qe } from '@voucher/contracts';
import { PROJECTED_PER_TRANSACTION, startConsumer, type Bus, type RunningConsumer } from '@voucher/bus';
import type { OrdersDeps } from './deps.ts';

type EnterpriseFacts = {
  enterpriseId: string;
  companyName: string;
  creditCode: string;
  district: string;
  city: string;
};

async function upsertEnterprise(trx: Kysely<any>, d: EnterpriseFacts) {
  await sql`INSERT INTO enterprises (enterprise_id, company_name, credit_code, district, city, certified)
            VALUES (${d.enterpriseId}, ${d.companyName}, ${d.creditCode}, ${d.district}, ${d.city}, true)
            ON CONFLICT (enterprise_id) DO UPDATE SET company_name = EXCLUDED.company_name, credit_code = EXCLUDED.credit_code,
              district = EXCLUDED.district, city = EXCLUDED.city, certified = true`.execute(trx);
}

/** What orders keeps of qualification (QUA-9): who may order (ORD-1) and what customer lists show (ORD-8). */
export function startProjections(bus: Bus, deps: OrdersDeps): Promise<RunningConsumer[]> {
  const common = { bus, db: deps.db, name: 'orders-enterprises', perTransaction: PROJECTED_PER_TRANSACTION };
  return Promise.all([
    startConsumer({ ...common, event: qe.enterpriseCertified, handle: (e, trx) => upsertEnterprise(trx, e.data) }),
    startConsumer({ ...common, event: qe.enterpriseUpdated, handle: (e, trx) => upsertEnterprise(trx, e.data) }),
    startConsumer({
      ...common,
      event: qe.enterpriseRevoked,
      handle: async (e, trx) => {
        await sql`UPDATE enterprises SET certified = false WHERE enterprise_id = ${e.data.applicantId}`.execute(trx);
      },
    }),
  ]);
}
