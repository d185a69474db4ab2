import type { ServiceDefinition } from '@voucher/runtime';
import { registerApplications } from './handlers/applications.ts';
import { registerBankAccounts } from './handlers/bank-accounts.ts';
import { startProjections } from './handlers/projections.ts';

export const settlementService: ServiceDefinition<Record<never, never>> = {
  name: 'settlement',
  async register({ bus, db, logger }) {
    const deps = { bus, db, logger };
    registerBankAccounts(bus, deps);
    registerApplications(bus, deps);
    return { consumers: await startProjections(bus, deps) };
  },
};
