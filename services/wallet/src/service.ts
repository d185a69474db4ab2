import { z } from 'zod';
import type { ServiceDefinition } from '@voucher/runtime';
import { startIssuing } from './handlers/issuing.ts';
import { registerBagHandlers } from './handlers/bag.ts';

const walletConfig = {
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
};

export const walletService: ServiceDefinition<typeof walletConfig> = {
  name: 'wallet',
  config: walletConfig,
  async register({ bus, db, config }) {
    registerBagHandlers(bus, db);
    return { consumers: await startIssuing(bus, db, config.PROGRAMME_TIME_ZONE) };
  },
};
