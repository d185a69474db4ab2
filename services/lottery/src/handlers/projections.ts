import type { Kysely } from 'kysely';
import { qualificationEvents as ev } from '@voucher/contracts';
import { PROJECTED_PER_TRANSACTION, startConsumer, type Bus, type RunningConsumer } from '@voucher/bus';
import { enterpriseStore, type EnterpriseStore } from '../store/enterprises.ts';
import type { LotteryDeps } from './deps.ts';
import type { DB as LotteryDb } from '../store/db.ts';

/**
 * What lottery keeps from qualification (QUA-9): company names to mask in
 * publications, whether an enterprise is certified, and whether it is qualified
 * with complete data for a year (LOT-3). Each consumer is inbox de-duplicated.
 */
export async function startProjections(bus: Bus, deps: LotteryDeps): Promise<RunningConsumer[]> {
  const common = { bus, db: deps.db, perTransaction: PROJECTED_PER_TRANSACTION };
  const company =
    (certified: boolean) => (d: Parameters<EnterpriseStore['recordCompany']>[0], trx: Kysely<LotteryDb>) =>
      enterpriseStore(trx).recordCompany(d, certified);
  const qualification = async (
    d: { enterpriseId: string; year: number; companyName: string; district: string; complete: boolean },
    trx: Kysely<LotteryDb>,
  ) => {
    await enterpriseStore(trx).approveQualification(d);
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
      handle: (e, trx) => enterpriseStore(trx).revokeCertification(e.data.applicantId),
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
      handle: (e, trx) => enterpriseStore(trx).revokeQualification(e.data.applicantId, e.data.year),
    }),
  ]);
}
