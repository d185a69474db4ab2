import { schedule, validate, type ScheduledTask } from 'node-cron';
import { ConfigError, type Logger } from '@voucher/kit';
import type { SchedulerJob } from './jobs.ts';
import type { Runner } from './runner.ts';

export interface Ticking {
  stop(): void;
}

/** The node-cron pattern each job runs on: its own, or the scheduler's tick. */
export function jobsByPattern(jobs: readonly SchedulerJob[], tickCron: string): Map<string, SchedulerJob[]> {
  const groups = new Map<string, SchedulerJob[]>();
  for (const job of jobs) {
    const pattern = job.cron ?? tickCron;
    if (!validate(pattern)) throw new ConfigError(`job ${job.name}: "${pattern}" is not a cron pattern`);
    groups.set(pattern, [...(groups.get(pattern) ?? []), job]);
  }
  return groups;
}

/**
 * One node-cron task per pattern (ARCHITECTURE A1). Every replica ticks; the
 * runner's locks decide which one runs each job for each due time. Ticks are
 * not held back while a run is going (no `noOverlap`): each job has its own
 * lock, so a long draw skips only its own next ticks, never the other jobs'.
 */
export function startTicking(
  runner: Runner,
  jobs: readonly SchedulerJob[],
  { tickCron, timeZone, logger }: { tickCron: string; timeZone: string; logger: Logger },
): Ticking {
  const tasks: ScheduledTask[] = [];
  for (const [pattern, group] of jobsByPattern(jobs, tickCron)) {
    tasks.push(
      schedule(pattern, (ctx) => runner.tick(ctx.date, group), {
        name: `scheduler:${pattern}`,
        timezone: timeZone,
        // a tick missed under load is harmless: the next one does what is due
        suppressMissedWarning: true,
        logger: {
          info: (m) => logger.debug(m),
          warn: (m) => logger.warn(m),
          error: (m, err) => logger.error({ err: err ?? m }, 'node-cron error'),
          debug: (m) => logger.debug(typeof m === 'string' ? m : { err: m }),
        },
      }),
    );
  }
  logger.info({ patterns: [...new Set(jobs.map((j) => j.cron ?? tickCron))], jobs: jobs.length }, 'ticking');
  return {
    stop() {
      for (const task of tasks) void task.destroy();
    },
  };
}
