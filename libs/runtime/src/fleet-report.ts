import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  FLEET_GONE_AFTER_MS,
  FLEET_REPORT_INTERVAL_MS,
  fleetKeys,
  type FleetReport,
  type HealthReply,
  type ServiceName,
} from '@voucher/contracts';
import { consumerLags, outboxBacklog, type Bus } from '@voucher/bus';
import type { Logger, Redis } from '@voucher/kit';

export interface FleetReporter {
  /** this process's name in the fleet */
  instance: string;
  /** the report written now, not at the next interval (tests, and the first one at start) */
  reportNow(): Promise<void>;
  /** stops the timer and removes this process's report: the console no longer lists it */
  stop(): Promise<void>;
}

interface FleetReportDeps {
  service: ServiceName;
  version: string;
  startedAt: Date;
  redis: Redis;
  pool: pg.Pool;
  bus: Bus;
  health(): Promise<HealthReply>;
  logger: Logger;
}

/**
 * Issue 19 item 4: every process writes what it is and how it does to Redis
 * every FLEET_REPORT_INTERVAL_MS (one pipelined write: its report, expiring
 * after FLEET_GONE_AFTER_MS, and its place in the index), so the operations
 * console lists every replica and a dead one drops out by itself. Each
 * process trims the index of members long gone, so nobody else writes.
 */
export function startFleetReport(deps: FleetReportDeps): FleetReporter {
  const instance = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const member = `${deps.service}:${instance}`;
  const key = fleetKeys.report(member);

  async function report(): Promise<void> {
    const [health, outbox, consumers] = await Promise.all([
      deps.health(),
      outboxBacklog(deps.pool).catch(() => null),
      // a consumer JetStream cannot describe now is left out of this report, not the whole report
      consumerLags(deps.bus).catch(() => []),
    ]);
    const now = Date.now();
    const body: FleetReport = {
      service: deps.service,
      instance,
      version: deps.version,
      startedAt: deps.startedAt.toISOString(),
      reportedAt: new Date(now).toISOString(),
      status: health.status,
      checks: health.checks,
      outbox,
      consumers,
    };
    await deps.redis
      .multi()
      .set(key, JSON.stringify(body), 'PX', FLEET_GONE_AFTER_MS)
      .zadd(fleetKeys.index, now, member)
      .zremrangebyscore(fleetKeys.index, '-inf', now - 4 * FLEET_GONE_AFTER_MS)
      .exec();
  }

  let running: Promise<void> | undefined;
  const reportNow = () =>
    (running ??= report()
      .catch((err: Error) => deps.logger.warn({ err }, 'fleet report not written'))
      .finally(() => (running = undefined)));
  const timer = setInterval(() => void reportNow(), FLEET_REPORT_INTERVAL_MS);
  timer.unref();

  return {
    instance,
    reportNow,
    async stop() {
      clearInterval(timer);
      await running;
      await deps.redis.multi().del(key).zrem(fleetKeys.index, member).exec();
    },
  };
}
