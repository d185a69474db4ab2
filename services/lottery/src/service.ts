import { z } from 'zod';
import { createStorage, storageConfig } from '@voucher/storage';
import type { ServiceDefinition } from '@voucher/runtime';
import type { LotteryDeps } from './handlers/deps.ts';
import { registerConfigurationHandlers } from './handlers/configuration.ts';
import { registerReservationHandlers } from './handlers/reservations.ts';
import { registerDrawHandlers } from './handlers/draw.ts';
import { registerPublishHandlers } from './handlers/publish.ts';
import { registerOpenedHandlers } from './handlers/opened.ts';
import { startProjections } from './handlers/projections.ts';
import { registerGrabHandlers } from './handlers/grab.ts';
import { registerGrantHandlers } from './handlers/grants.ts';
import { registerReportHandlers } from './handlers/report.ts';
import { grabStock } from './store/grab-stock.ts';
import { batchProgressStore } from './store/batch-progress.ts';
import { lotteryMetrics } from './metrics.ts';

const lotteryConfig = {
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
  LOTTERY_WINS_PER_EVENT: z.coerce.number().int().min(1).max(1000).default(1000),
  ...storageConfig,
};

export const lotteryService: ServiceDefinition<typeof lotteryConfig> = {
  name: 'lottery',
  config: lotteryConfig,
  async register({ bus, db, logger, config, redis, metrics }) {
    const deps: LotteryDeps = {
      db,
      bus,
      logger,
      storage: createStorage(config, { bus }),
      timeZone: config.PROGRAMME_TIME_ZONE,
      winsPerEvent: config.LOTTERY_WINS_PER_EVENT,
      metrics: lotteryMetrics(metrics, db),
      progress: batchProgressStore(redis),
      grabStock: grabStock(redis),
    };
    registerConfigurationHandlers(bus, deps);
    registerReservationHandlers(bus, deps);
    registerDrawHandlers(bus, deps);
    registerPublishHandlers(bus, deps);
    registerOpenedHandlers(bus, deps);
    registerGrabHandlers(bus, deps);
    registerGrantHandlers(bus, deps);
    registerReportHandlers(bus, deps);
    return { consumers: await startProjections(bus, deps) };
  },
};
