import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@voucher/kit';
import { scheduler, systemCaller } from '@voucher/contracts';
import { isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { lockKey } from '../src/lock.ts';
import {
  as,
  lotteryStandIn,
  nothingDue,
  runnerOf,
  shortestGap,
  sleep,
  startScheduler,
  until,
  UUID_V7,
} from './harness.ts';

let iso: Isolation;
let client: TestClient;

beforeAll(async () => {
  iso = await isolate('schedtick');
  client = await testClient(iso);
});
afterAll(async () => {
  await client.close();
  await iso.dispose();
});

describe('DOMAIN §9 ticks: every due time runs each job once, under its lock', () => {
  it('calls the lottery to draw and publish what is due at every tick, as the scheduler, with a UUIDv7 request id', async () => {
    const lottery = await lotteryStandIn(iso);
    const replica = await startScheduler(iso);
    const started = Date.now();
    let elapsedSeconds: number;
    try {
      await sleep(3200);
    } finally {
      await replica.stop();
      elapsedSeconds = Math.ceil((Date.now() - started) / 1000);
      await lottery.close();
    }
    for (const calls of [lottery.calls.drawDue, lottery.calls.publishDue]) {
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.length).toBeLessThanOrEqual(elapsedSeconds + 1);
      expect(shortestGap(calls)).toBeGreaterThan(500);
      for (const call of calls) {
        expect(call.caller).toEqual(systemCaller);
        expect(call.requestId).toMatch(UUID_V7);
      }
    }
    expect(new Set(lottery.calls.drawDue.map((c) => c.requestId)).size).toBe(lottery.calls.drawDue.length);
  });

  it('makes one call per tick, never two, when two replicas tick at once', async () => {
    const lottery = await lotteryStandIn(iso);
    const a = await startScheduler(iso);
    const b = await startScheduler(iso);
    const started = Date.now();
    let elapsedSeconds: number;
    try {
      await sleep(3500);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      elapsedSeconds = Math.ceil((Date.now() - started) / 1000);
      await lottery.close();
    }
    for (const calls of [lottery.calls.drawDue, lottery.calls.publishDue]) {
      expect(calls.length).toBeGreaterThanOrEqual(2);
      // each second's tick runs once: about one call a second, and never two for the same tick
      expect(calls.length).toBeLessThanOrEqual(elapsedSeconds + 1);
      expect(shortestGap(calls)).toBeGreaterThan(500);
    }
  });

  it('does not start a job again while its previous run is still going, nor hold up the other job', async () => {
    const lottery = await lotteryStandIn(iso, { drawDue: () => sleep(2500).then(() => nothingDue) });
    const replica = await startScheduler(iso);
    try {
      await until(() => lottery.calls.drawDue.length >= 1);
      await sleep(4000);
    } finally {
      await replica.stop();
      await lottery.close();
    }
    expect(lottery.maxConcurrent.drawDue).toBe(1);
    // a 2.5 s draw skips the ticks while it runs: the next call comes at the first tick after it ended
    expect(lottery.calls.drawDue.length).toBeLessThanOrEqual(3);
    expect(shortestGap(lottery.calls.drawDue)).toBeGreaterThanOrEqual(2500);
    // publication kept its own pace, one call a tick
    expect(lottery.calls.publishDue.length).toBeGreaterThanOrEqual(3);
  });

  it('runs a due time once, even on a replica whose timer fires after the first run has ended', async () => {
    const lottery = await lotteryStandIn(iso);
    const replica = await startScheduler(iso, { SCHEDULER_ENABLED: 'false' });
    const late = await startScheduler(iso, { SCHEDULER_ENABLED: 'false' });
    try {
      await sleep(1200);
      expect(lottery.calls.drawDue).toHaveLength(0); // disabled: no node-cron tick at all
      const runner = runnerOf(replica);
      const due = new Date();
      expect((await runner.tick(due)).map((r) => r.status)).toEqual(['ran', 'ran']);
      // the run is over and its lock free: only the claimed due time stops the late replica
      expect((await runnerOf(late).tick(due)).map((r) => r.status)).toEqual(['taken', 'taken']);
      expect((await runner.tick(due)).map((r) => r.status)).toEqual(['taken', 'taken']);
      expect((await runner.tick(new Date(due.getTime() - 1000))).map((r) => r.status)).toEqual(['taken', 'taken']);
      expect(lottery.calls.drawDue).toHaveLength(1);
      expect(lottery.calls.publishDue).toHaveLength(1);
      expect((await runner.tick(new Date(due.getTime() + 1000))).map((r) => r.status)).toEqual(['ran', 'ran']);
      expect(lottery.calls.drawDue).toHaveLength(2);
    } finally {
      await Promise.all([replica.stop(), late.stop()]);
      await lottery.close();
    }
  });

  it('on stop, takes no new tick and waits for the running one to finish, record its run and free its lock', async () => {
    let answeredAt = 0;
    const lottery = await lotteryStandIn(iso, {
      drawDue: async () => {
        await sleep(1500);
        answeredAt = Date.now();
        return { done: ['0190d5a2-0000-7000-8000-000000000001'], failed: [] };
      },
    });
    const replica = await startScheduler(iso);
    const viewer = await startScheduler(iso, { SCHEDULER_ENABLED: 'false' });
    const redis = createRedis(iso.env.REDIS_URL!, iso.redisPrefix);
    try {
      await until(() => lottery.calls.drawDue.length >= 1);
      expect(await redis.exists(lockKey('draw-due-batches'))).toBe(1);
      await replica.stop();
      const stoppedAt = Date.now();
      expect(answeredAt).toBeGreaterThan(0);
      expect(stoppedAt).toBeGreaterThanOrEqual(answeredAt);
      expect(await redis.exists(lockKey('draw-due-batches'))).toBe(0);
      const calls = lottery.calls.drawDue.length;
      await sleep(1500);
      expect(lottery.calls.drawDue).toHaveLength(calls);
      const runs = await client.call(scheduler.listRuns, { job: 'draw-due-batches' }, as('admin'));
      expect(runs.items[0]).toMatchObject({
        job: 'draw-due-batches',
        outcome: 'ok',
        detail: { done: ['0190d5a2-0000-7000-8000-000000000001'], failed: [] },
      });
    } finally {
      redis.disconnect();
      await viewer.stop();
      await lottery.close();
    }
  });
});
