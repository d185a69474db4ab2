import { qualificationEvents as qe, wallet } from '@voucher/contracts';
import { requireRole, startConsumer, type RunningConsumer } from '@voucher/bus';
import { recordDistrict, voucherFigures } from '../store/statistics.ts';
import type { WalletDeps } from './deps.ts';

/** SET-6: the wallet's side of the voucher statistics, read from its ledger. */
export function registerStatistics({ bus, db, timeZone }: WalletDeps): void {
  bus.handle(wallet.statistics, async ({ groupBy, from, to, district }, ctx) => {
    const caller = requireRole(ctx, 'admin', 'approver', 'finance', 'district_officer');
    // a district officer sees its own district only, whatever it asks for
    const onlyDistrict = caller.role === 'district_officer' ? (caller.district ?? '') : district;
    return { rows: await voucherFigures(db, { groupBy, from, to, district: onlyDistrict, timeZone }) };
  });
}

/** The district of each enterprise, from qualification's events (QUA-9). */
export function startDistrictProjection({ bus, db }: WalletDeps): Promise<RunningConsumer[]> {
  const common = { bus, db, name: 'wallet-districts' };
  return Promise.all([
    startConsumer({ ...common, event: qe.enterpriseCertified, handle: (e, trx) => recordDistrict(trx, e.data) }),
    startConsumer({ ...common, event: qe.enterpriseUpdated, handle: (e, trx) => recordDistrict(trx, e.data) }),
  ]);
}
