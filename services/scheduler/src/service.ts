import { z } from 'zod';
import type { Kysely } from 'kysely';
import { validate } from 'node-cron';
import type { ServiceDefinition } from '@voucher/runtime';
import { registerAdminHandlers } from './handlers/admin.ts';
import { jobs } from './jobs.ts';
import { createRunner } from './runner.ts';
import type { SchedulerDb } from './store/schema.ts';
import { startTicking } from './ticking.ts';

const schedulerConfig = {
  /** node-cron pattern of the tick; six fields, the first is seconds */
  SCHEDULER_TICK_CRON: z
    .string()
    .default('* * * * * *')
    .refine((p) => validate(p), 'must be a cron pattern node-cron accepts (e.g. "* * * * * *")'),
  /** false: answers the admin commands, a run by hand included, but never ticks (tests drive the runner themselves) */
  SCHEDULER_ENABLED: z.stringbool().default(true),
  /** the programme's business calendar, for jobs with a time-of-day pattern */
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
};

export const schedulerService: ServiceDefinition<typeof schedulerConfig> = {
  name: 'scheduler',
  config: schedulerConfig,
  async register({ bus, db, redis, logger, config }) {
    const schedulerDb = db as Kysely<SchedulerDb>;
    const runner = createRunner({ jobs, bus, redis, db: schedulerDb, logger });
    // every replica answers, a disabled one too: a run by hand is an admin's act, not a tick (README § Running a job now)
    registerAdminHandlers(bus, { db: schedulerDb, jobs, runner });
    const ticking = config.SCHEDULER_ENABLED
      ? startTicking(runner, jobs, {
          tickCron: config.SCHEDULER_TICK_CRON,
          timeZone: config.PROGRAMME_TIME_ZONE,
          logger,
        })
      : undefined;
    return {
      // before the bus closes: no new tick, and the running ones finish and release their locks
      async stop() {
        ticking?.stop();
        await runner.stop();
      },
    };
  },
};
