import { z } from 'zod';
import type { ServiceDefinition } from '@voucher/runtime';
import { startIssuing } from './handlers/issuing.ts';
import { registerBagHandlers } from './handlers/bag.ts';
import { registerPinHandlers } from './handlers/pin.ts';
import { registerPaymentHandlers } from './handlers/payments.ts';
import { registerLifecycleHandlers } from './handlers/lifecycle.ts';
import { registerReminderHandlers } from './handlers/reminders.ts';
import { registerSettingsHandlers } from './handlers/settings.ts';
import { registerStatistics, startDistrictProjection } from './handlers/statistics.ts';
import { pinAttempts } from './store/pin-attempts.ts';
import { ledgerCheckStore } from './store/ledger-check.ts';
import { walletMetrics } from './metrics.ts';
import type { WalletDeps } from './handlers/deps.ts';
import { secretSetting } from '@voucher/kit';

export const DEV_PIN_KEY = 'dev-only-pin-key-change-me-in-production-0000';

const walletConfig = {
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
  /** WAL-2: the server-side key of PIN hashes, never stored in the database; production refuses a weak one (A7) */
  PIN_HASH_KEY: secretSetting(DEV_PIN_KEY),
  /** WAL-6: reclaim drawn vouchers untouched this many days after publication (seed 004: 30); 0 never */
  WALLET_RECLAIM_DAYS: z.coerce.number().int().min(0).default(0),
};

export const walletService: ServiceDefinition<typeof walletConfig> = {
  name: 'wallet',
  config: walletConfig,
  async register({ bus, db, redis, config, metrics }) {
    const ledgerChecks = ledgerCheckStore(redis);
    const deps: WalletDeps = {
      bus,
      db,
      attempts: pinAttempts(redis),
      pinKey: config.PIN_HASH_KEY,
      metrics: walletMetrics(metrics, ledgerChecks),
      ledgerChecks,
      reclaimDays: config.WALLET_RECLAIM_DAYS,
      timeZone: config.PROGRAMME_TIME_ZONE,
    };
    registerBagHandlers(deps);
    registerPinHandlers(deps);
    registerPaymentHandlers(deps);
    registerLifecycleHandlers(deps);
    registerReminderHandlers(deps);
    registerSettingsHandlers(deps);
    registerStatistics(deps);
    const consumers = [...(await startIssuing(deps)), ...(await startDistrictProjection(deps))];
    return { consumers };
  },
};
