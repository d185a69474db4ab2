import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduler, type lottery, type ReplyOf, type RequestOf } from '@voucher/contracts';
import type { RunningService } from '@voucher/runtime';
import { isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { as, lotteryStandIn, nothingDue, runnerOf, sleep, startScheduler, until } from './harness.ts';

let iso: Isolation;
let client: TestClient;
const admin = as('admin');

beforeAll(async () => {
  iso = await isolate('schedruns');
  client = await testClient(iso);
});
afterAll(async () => {
  await client.close();
  await iso.dispose();
});

const runsOf = (query: RequestOf<typeof scheduler.listRuns> = {}) => client.call(scheduler.listRuns, query, admin);
const jobView = async (name: string) =>
  (await client.call(scheduler.listJobs, {}, admin)).items.find((j) => j.name === name);

describe('DOMAIN §9 a failed run is recorded and retried at the next tick', () => {
  it('records UNAVAILABLE while the lottery is down, and the next tick succeeds once it is back', async () => {
    const replica = await startScheduler(iso);
    let lottery: Awaited<ReturnType<typeof lotteryStandIn>> | undefined;
    try {
      const failed = await until(async () => (await runsOf({ job: 'draw-due-batches' })).items[0]);
      expect(failed).toMatchObject({
        outcome: 'failed',
        detail: { error: { code: 'UNAVAILABLE', message: 'lottery is not available' } },
      });
      expect(await jobView('draw-due-batches')).toMatchObject({ lastOutcome: 'failed' });

      const batchId = '0190d5a2-0000-7000-8000-00000000000a';
      // the batch that fell due while the lottery was down is drawn once, then nothing is due
      const replies = [{ done: [batchId], failed: [] }];
      lottery = await lotteryStandIn(iso, { drawDue: async () => replies.shift() ?? nothingDue });
      const ok = await until(async () => {
        const [latest] = (await runsOf({ job: 'draw-due-batches' })).items;
        return latest?.outcome === 'ok' ? latest : undefined;
      });
      expect(ok.detail).toEqual({ done: [batchId], failed: [] });
      expect(ok.id).toBeGreaterThan(failed.id);
      expect(await jobView('draw-due-batches')).toMatchObject({ lastOutcome: 'ok' });
    } finally {
      await replica.stop();
      await lottery?.close();
    }
  });
});

describe('DOMAIN §9 admins see the jobs and the runs that did something', () => {
  type DueReply = ReplyOf<typeof lottery.drawDue>;
  let replica: RunningService;

  beforeAll(async () => {
    replica = await startScheduler(iso, { SCHEDULER_ENABLED: 'false' });
  });
  afterAll(() => replica.stop());

  it('lists the runs that did work or failed, newest first, by job and start time; quiet ticks leave no run', async () => {
    const draws: DueReply[] = [
      { done: ['0190d5a2-0000-7000-8000-000000000001'], failed: [] },
      nothingDue,
      { done: [], failed: [{ id: '0190d5a2-0000-7000-8000-000000000002', error: 'INTERNAL' }] },
      nothingDue,
    ];
    const publications: DueReply[] = [
      nothingDue,
      { done: ['0190d5a2-0000-7000-8000-000000000003'], failed: [] },
      nothingDue,
      nothingDue,
    ];
    const lottery = await lotteryStandIn(iso, {
      drawDue: async () => draws.shift()!,
      publishDue: async () => publications.shift()!,
    });
    const runner = runnerOf(replica);
    try {
      const from = new Date().toISOString();
      await runner.tick();
      const afterFirst = new Date().toISOString();
      await sleep(5); // `to` is inclusive, at millisecond precision
      await runner.tick(new Date(Date.now() + 1));
      await runner.tick(new Date(Date.now() + 2));
      const beforeQuiet = new Date();
      await runner.tick(new Date(Date.now() + 3));

      const all = await runsOf({ from });
      expect(all.total).toBe(3);
      expect(all.items.map((r) => [r.job, r.outcome])).toEqual([
        ['draw-due-batches', 'failed'],
        ['publish-due-results', 'ok'],
        ['draw-due-batches', 'ok'],
      ]);
      // ticks' runs, not an admin's (DOMAIN §9: a run by hand is `manual`, with its admin)
      expect(all.items.map((r) => [r.trigger, r.startedBy])).toEqual(Array(3).fill(['tick', null]));
      expect(all.items[0]!.detail).toEqual({
        done: [],
        failed: [{ id: '0190d5a2-0000-7000-8000-000000000002', error: 'INTERNAL' }],
      });
      expect((await runsOf({ from, job: 'publish-due-results' })).items.map((r) => r.job)).toEqual([
        'publish-due-results',
      ]);
      expect((await runsOf({ from, to: afterFirst })).items.map((r) => r.detail)).toEqual([
        { done: ['0190d5a2-0000-7000-8000-000000000001'], failed: [] },
      ]);
      const page2 = await runsOf({ from, page: 2, pageSize: 2 });
      expect(page2).toMatchObject({ page: 2, pageSize: 2, total: 3 });
      expect(page2.items.map((r) => r.outcome)).toEqual(['ok']);

      // the quiet last tick left no run, yet the jobs show it ran: the scheduler is alive
      for (const name of ['draw-due-batches', 'publish-due-results']) {
        const job = await jobView(name);
        expect(job).toMatchObject({ name, lastOutcome: 'ok' });
        expect(new Date(job!.lastRunAt!).getTime()).toBeGreaterThanOrEqual(beforeQuiet.getTime());
        expect(job!.description).not.toBe('');
        expect(job!.schedule).not.toBe('');
      }
    } finally {
      await lottery.close();
    }
  });

  it('refuses the jobs and the runs to anyone but an admin', async () => {
    for (const role of ['approver', 'enterprise', 'scheduler'] as const) {
      expect((await client.refusal(scheduler.listJobs, {}, as(role))).code).toBe('FORBIDDEN');
      expect((await client.refusal(scheduler.listRuns, {}, as(role))).code).toBe('FORBIDDEN');
    }
    expect((await client.refusal(scheduler.listRuns, {})).code).toBe('UNAUTHENTICATED');
  });
});
