import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConsumer } from '@voucher/bus';
import { fleetKeys, fleetReportSchema, type FleetReport } from '@voucher/contracts';
import { createRedis, type Redis } from '@voucher/kit';
import type { RunningService } from '../src/index.ts';
import { slowCommand, slowFinished } from './fixtures/messages.ts';
import { fixtureBus, type FixtureBus } from './harness.ts';

const CONSUMER = 'scheduler-fleettest';

let world: FixtureBus;
let redis: Redis;
const running: RunningService[] = [];

beforeAll(async () => {
  world = await fixtureBus('fleet', {
    service: 'scheduler',
    commands: [slowCommand],
    consumer: { name: CONSUMER, events: [slowFinished] },
  });
  redis = createRedis(world.iso.env.REDIS_URL!, world.iso.env.REDIS_PREFIX!);
});
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});
afterAll(async () => {
  await redis.quit();
  await world.close();
});

/** A replica of a service with one durable consumer, on the test's own NATS server. */
async function replica(): Promise<RunningService> {
  const service = await world.start({
    name: 'scheduler',
    async register({ bus, db }) {
      const consumer = await startConsumer({
        bus,
        db,
        name: CONSUMER,
        event: slowFinished,
        handle: async () => undefined,
      });
      return { consumers: [consumer] };
    },
  });
  running.push(service);
  return service;
}

/** The reports in Redis now, as the gateway reads them: the index, then each member's report. */
async function reports(): Promise<FleetReport[]> {
  const members = await redis.zrange(fleetKeys.index, 0, -1);
  if (members.length === 0) return [];
  const bodies = await redis.mget(members.map(fleetKeys.report));
  return bodies.flatMap((b) => (b === null ? [] : [fleetReportSchema.parse(JSON.parse(b))]));
}

describe('the fleet report (issue 19 item 4)', () => {
  it('lists every started replica with its health, outbox backlog and durable consumers, each under its own instance', async () => {
    const a = await replica();
    const b = await replica();
    await expect.poll(async () => (await reports()).length, { timeout: 10_000 }).toBe(2);
    const found = await reports();
    expect(found.map((r) => r.instance).sort()).toEqual([a.fleet.instance, b.fleet.instance].sort());
    for (const report of found) {
      expect(report).toMatchObject({
        service: 'scheduler',
        status: 'ok',
        checks: { postgres: 'ok', redis: 'ok', nats: 'ok' },
        outbox: { rows: 0 },
        consumers: [{ consumer: CONSUMER, pending: 0, ackPending: 0, redelivered: 0 }],
      });
    }
  });

  it('removes a replica’s report when it stops, and leaves the others', async () => {
    const a = await replica();
    const b = await replica();
    await expect.poll(async () => (await reports()).length, { timeout: 10_000 }).toBe(2);
    await a.stop();
    running.splice(running.indexOf(a), 1);
    expect((await reports()).map((r) => r.instance)).toEqual([b.fleet.instance]);
    expect(await redis.zscore(fleetKeys.index, `scheduler:${a.fleet.instance}`)).toBeNull();
  });

  it('writes each report to expire 15 s after it is written, so a replica that dies without stopping disappears', async () => {
    const a = await replica();
    await a.fleet.reportNow();
    const ttl = await redis.pttl(fleetKeys.report(`scheduler:${a.fleet.instance}`));
    expect(ttl).toBeGreaterThan(10_000);
    expect(ttl).toBeLessThanOrEqual(15_000);
  });
});
