import { qualificationEvents } from '@voucher/contracts';
import { PROJECTED_PER_TRANSACTION, startConsumer, type RunningConsumer } from '@voucher/bus';
import type { Transaction } from 'kysely';
import { recordProviderCertified } from '../store/certified-providers.ts';
import type { IdentityDb } from '../store/schema.ts';
import { setDistrict } from '../store/users.ts';
import type { IdentityDeps } from './deps.ts';
import type { Bus } from '@voucher/bus';

/**
 * What identity keeps from qualification (QUA-9): whether a provider is
 * certified (only then may it add staff, ID-8) and an enterprise's district
 * (so its district officer may reset its password, ID-7).
 */
export async function startProjections(bus: Bus, deps: IdentityDeps): Promise<RunningConsumer[]> {
  const providerCertified = (certified: boolean) => (providerId: string, trx: Transaction<IdentityDb>) =>
    recordProviderCertified(trx, providerId, certified);
  const enterpriseDistrict = (enterpriseId: string, district: string | null, trx: Transaction<IdentityDb>) =>
    setDistrict(trx, enterpriseId, district);
  const ev = qualificationEvents;
  const common = { bus, db: deps.db, perTransaction: PROJECTED_PER_TRANSACTION };
  return Promise.all([
    startConsumer({
      ...common,
      name: 'identity-providers',
      event: ev.providerCertified,
      handle: (e, trx) => providerCertified(true)(e.data.providerId, trx),
    }),
    startConsumer({
      ...common,
      name: 'identity-providers',
      event: ev.providerRevoked,
      handle: (e, trx) => providerCertified(false)(e.data.applicantId, trx),
    }),
    startConsumer({
      ...common,
      name: 'identity-districts',
      event: ev.enterpriseCertified,
      handle: (e, trx) => enterpriseDistrict(e.data.enterpriseId, e.data.district, trx),
    }),
    startConsumer({
      ...common,
      name: 'identity-districts',
      event: ev.enterpriseUpdated,
      handle: (e, trx) => enterpriseDistrict(e.data.enterpriseId, e.data.district, trx),
    }),
  ]);
}
