import { sql } from 'kysely';
import { qualificationEvents as ev } from '@voucher/contracts';
import { PROJECTED_PER_TRANSACTION, startConsumer, type Bus, type RunningConsumer } from '@voucher/bus';
import type { LotteryDeps } from './deps.ts';

/**
 * What lottery keeps from qualification (QUA-9): company names to mask in
 * publications, whether an enterprise is certified, and whether it is qualified
 * with complete data for a year (LOT-3). Each consumer is inbox de-duplicated.
 */
export async function startProjections(bus: Bus, deps: LotteryDeps): Promise<RunningConsumer[]> {
  const common = { bus, db: deps.db, perTransaction: PROJECTED_PER_TRANSACTION };
  const company =
    (certified: boolean) => async (d: { enterpriseId: string; companyName: string; district: string }, trx: any) => {
      await sql`INSERT INTO enterprises (enterprise_id, company_name, district, certified)
              VALUES (${d.enterpriseId}, ${d.companyName}, ${d.district}, ${certified})
              ON CONFLICT (enterprise_id) DO UPDATE SET company_name = EXCLUDED.company_name, district = EXCLUDED.district,
                certified = EXCLUDED.certified`.execute(trx);
    };
  const qualification = async (
    d: { enterpriseId: string; year: number; companyName: string; district: string; complete: boolean },
    trx: any,
  ) => {
    await sql`INSERT INTO qualifications (enterprise_id, year, approved, complete) VALUES (${d.enterpriseId}, ${d.year}, true, ${d.complete})
              ON CONFLICT (enterprise_id, year) DO UPDATE SET approved = true, complete = EXCLUDED.complete`.execute(
      trx,
    );
    await company(true)(d, trx);
  };
  return Promise.all([
    startConsumer({
      ...common,
      name: 'lottery-enterprises',
      event: ev.enterpriseCertified,
      handle: (e, trx) => company(true)(e.data, trx),
    }),
    startConsumer({
      ...common,
      name: 'lottery-enterprises',
      event: ev.enterpriseUpdated,
      handle: (e, trx) => company(true)(e.data, trx),
    }),
    startConsumer({
      ...common,
      name: 'lottery-enterprises',
      event: ev.enterpriseRevoked,
      handle: async (e, trx) => {
        await sql`UPDATE enterprises SET certified = false WHERE enterprise_id = ${e.data.applicantId}`.execute(trx);
      },
    }),
    startConsumer({
      ...common,
      name: 'lottery-qualifications',
      event: ev.voucherQualificationApproved,
      handle: (e, trx) => qualification(e.data, trx),
    }),
    startConsumer({
      ...common,
      name: 'lottery-qualifications',
      event: ev.voucherQualificationUpdated,
      handle: (e, trx) => qualification(e.data, trx),
    }),
    startConsumer({
      ...common,
      name: 'lottery-qualifications',
      event: ev.voucherQualificationRevoked,
      handle: async (e, trx) => {
        await sql`UPDATE qualifications SET approved = false WHERE enterprise_id = ${e.data.applicantId}
                  AND (${e.data.year}::int IS NULL OR year = ${e.data.year})`.execute(trx);
      },
    }),
  ]);
}
