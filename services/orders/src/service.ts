import { z } from 'zod';
import type { ServiceDefinition } from '@voucher/runtime';
import { registerOrderFlow } from './handlers/flow.ts';
import { groupedOrderWrites } from './store/grouped-order-writes.ts';
import { registerPaymentSaga, settleUnansweredPayments } from './handlers/payment-saga.ts';
import { startProjections } from './handlers/projections.ts';
import { registerOrderQueries } from './handlers/queries.ts';
import { registerServiceRecords } from './handlers/service-records.ts';
import { registerTimedWork } from './handlers/timed.ts';
import { registerContractReminders } from './handlers/reminders.ts';
import { registerCustomers } from './handlers/customers.ts';
import { listedTermsSource } from './handlers/listed-terms.ts';

const ordersConfig = {
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
  /** how often the saga's sweep looks for unanswered wallet steps */
  ORDERS_SWEEP_MS: z.coerce.number().int().min(100).default(5_000),
  /** an unanswered wallet step older than this is settled by the sweep (well above the wallet's own timeout) */
  ORDERS_PAYMENT_SETTLE_AFTER_MS: z.coerce.number().int().min(100).default(20_000),
  /** how long a product's listed terms are kept between the catalog's events (0: ask the catalog every time) */
  ORDERS_TERMS_KEEP_MS: z.coerce.number().int().min(0).default(2_000),
};

export const ordersService: ServiceDefinition<typeof ordersConfig> = {
  name: 'orders',
  config: ordersConfig,
  async register({ bus, db, logger, config }) {
    const deps = {
      bus,
      db,
      logger,
      terms: listedTermsSource(bus, config.ORDERS_TERMS_KEEP_MS),
      writes: groupedOrderWrites(db),
      timeZone: config.PROGRAMME_TIME_ZONE,
      settleAfterMs: config.ORDERS_PAYMENT_SETTLE_AFTER_MS,
    };
    registerPaymentSaga(bus, deps);
    registerOrderFlow(bus, deps);
    registerServiceRecords(bus, deps);
    registerOrderQueries(bus, deps);
    registerTimedWork(bus, deps);
    registerContractReminders(bus, deps);
    registerCustomers(bus, deps);
    const consumers = await startProjections(bus, deps);
    let sweeping: Promise<unknown> | undefined;
    const sweep = () => {
      // one sweep at a time in this process; other replicas skip the rows it holds
      sweeping ??= settleUnansweredPayments(deps)
        .catch((err) => logger.warn({ err }, 'payment sweep failed; it runs again'))
        .finally(() => (sweeping = undefined));
    };
    sweep();
    const timer = setInterval(sweep, config.ORDERS_SWEEP_MS);
    return {
      consumers,
      async stop() {
        clearInterval(timer);
        await sweeping;
      },
    };
  },
};
