import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createRedis, type Redis } from '@voucher/kit';
import { orders, scheduler, systemCaller, wallet, type Caller } from '@voucher/contracts';
import type { RunningService } from '@voucher/runtime';
import { connectAs, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { lockKey } from '../src/lock.ts';
import type { SchedulerDb } from '../src/store/schema.ts';
import {
  as,
  lotteryStandIn,
  nothingDue,
  runnerOf,
  sleep,
  startScheduler,
  tickJobs,
  until,
  type LotteryStandIn,
} from './harness.ts';

/**
 * DOMAIN §9: an admin runs a job now (svc.scheduler.runJob, POST
 * /admin/jobs/:name/run) instead of waiting for its due time. The replica is
 * disabled (SCHEDULER_ENABLED=false): it never ticks, so every call the
 * stand-ins get comes from a run by hand or from a tick the test drives.
 */
let iso: Isolation;
let client: TestClient;
let replica: RunningService;
let redis: Redis;
let lottery: LotteryStandIn;
const admin = as('admin');
const walletAsked: { caller: Caller | undefined; requestId: string }[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  iso = await isolate('schedrunnow');
  client = await testClient(iso, { requestTimeoutMs: 20_000 });
  const walletBus = await connectAs(iso, 'wallet');
  walletBus.handle(wallet.remindDue, async (_req, ctx) => {
    walletAsked.push({ caller: ctx.caller, requestId: ctx.requestId });
    return { reminded: 2, expiry: 1, reclaim: 1 };
  });
  const ordersBus = await connectAs(iso, 'orders');
  ordersBus.handle(orders.remindContractsDue, async () => ({ reminded: 0 }));
  await Promise.all([walletBus.nc.flush(), ordersBus.nc.flush()]);
  closers.push(
    () => walletBus.close(),
    () => ordersBus.close(),
  );
  // the draw answers after 2.5 s, long enough to be caught running even on a loaded machine
  lottery = await lotteryStandIn(iso, { drawDue: () => sleep(2500).then(() => nothingDue) });
  replica = await startScheduler(iso, { SCHEDULER_ENABLED: 'false' });
  redis = createRedis(iso.env.REDIS_URL!, iso.redisPrefix);
});
afterAll(async () => {
  redis?.disconnect();
  await replica?.stop();
  await lottery?.close();
  for (const close of closers) await close();
  await client?.close();
  await iso?.dispose();
});

const runNow = (name: string, caller: Caller = admin) => client.call(scheduler.runJob, { name }, caller);
const db = () => replica.db as Kysely<SchedulerDb>;
const drawJob = tickJobs.filter((j) => j.name === 'draw-due-batches');

describe('DOMAIN §9 an admin runs a job now instead of waiting for its due time', () => {
  it('asks the owner once, as the scheduler, even on a replica that never ticks, and answers the run recorded as manual with the admin', async () => {
    const before = Date.now();
    const run = await runNow('remind-expiring-vouchers');

    expect(walletAsked).toHaveLength(1);
    expect(walletAsked[0]!.caller).toEqual(systemCaller);
    expect(run).toMatchObject({
      job: 'remind-expiring-vouchers',
      outcome: 'ok',
      detail: { reminded: 2, expiry: 1, reclaim: 1 },
      trigger: 'manual',
      startedBy: admin.userId,
    });
    expect(new Date(run.startedAt).getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(new Date(run.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());

    // the runs admins read show it as by hand, and the job as just run
    const runs = await client.call(scheduler.listRuns, { job: 'remind-expiring-vouchers' }, admin);
    expect(runs.items).toEqual([run]);
    const jobs = await client.call(scheduler.listJobs, {}, admin);
    expect(jobs.items.find((j) => j.name === 'remind-expiring-vouchers')).toMatchObject({
      lastRunAt: run.startedAt,
      lastOutcome: 'ok',
    });
    // who ran it is audited too, and its lock is free again
    const audit = await sql<{ actor_id: string; actor_role: string; to_state: string }>`
      SELECT actor_id, actor_role, to_state FROM audit_log
      WHERE entity = 'job' AND entity_id = 'remind-expiring-vouchers' AND action = 'run_now'`.execute(db());
    expect(audit.rows).toEqual([{ actor_id: admin.userId, actor_role: 'admin', to_state: 'ok' }]);
    expect(await redis.exists(lockKey('remind-expiring-vouchers'))).toBe(0);
    expect(lottery.calls.drawDue).toHaveLength(0); // a disabled replica still never ticks
  });

  it('records a run by hand that found nothing to do, which a quiet tick would not', async () => {
    const run = await runNow('remind-contract-deadlines');
    expect(run).toMatchObject({ outcome: 'ok', detail: { reminded: 0 }, trigger: 'manual', startedBy: admin.userId });
    const runs = await client.call(scheduler.listRuns, { job: 'remind-contract-deadlines' }, admin);
    expect(runs.items.map((r) => r.id)).toEqual([run.id]);
  });

  it('answers a failed run when the owner is down: recorded as manual and failed, for the next tick to retry', async () => {
    const run = await runNow('cancel-overdue-contracts');
    expect(run).toMatchObject({
      job: 'cancel-overdue-contracts',
      outcome: 'failed',
      detail: { error: { code: 'UNAVAILABLE' } },
      trigger: 'manual',
      startedBy: admin.userId,
    });
    expect(await redis.exists(lockKey('cancel-overdue-contracts'))).toBe(0);
  });
});

describe('DOMAIN §9 a run by hand and a tick never run a job at the same time: they share its lock', () => {
  it('refuses to run a job now while its tick is running (409 INVALID_STATE), and the owner is asked only once', async () => {
    const runner = runnerOf(replica);
    const ticking = runner.tick(new Date());
    await until(() => lottery.calls.drawDue.length >= 1);

    const refusal = await client.refusal(scheduler.runJob, { name: 'draw-due-batches' }, admin);
    expect(refusal.code).toBe('INVALID_STATE');
    expect(refusal.details).toMatchObject({ job: 'draw-due-batches', reason: 'running' });
    const results = await ticking;
    expect(results.find((r) => r.job === 'draw-due-batches')).toMatchObject({ status: 'ran' });
    expect(lottery.calls.drawDue).toHaveLength(1);
    // a refused run leaves no run and no audit behind
    const audit = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE entity_id = 'draw-due-batches'`.execute(db());
    expect(audit.rows[0]!.n).toBe(0);

    // once the tick's run has ended, the job runs now
    const run = await runNow('draw-due-batches');
    expect(run).toMatchObject({ job: 'draw-due-batches', outcome: 'ok', trigger: 'manual' });
    expect(lottery.calls.drawDue).toHaveLength(2);
  });

  it('skips a tick that comes while a run by hand is going, as it skips one while its previous run is going', async () => {
    const calls = lottery.calls.drawDue.length;
    const byHand = runNow('draw-due-batches');
    await until(() => lottery.calls.drawDue.length > calls);
    const [draw] = await runnerOf(replica).tick(new Date(), drawJob);
    expect(draw).toEqual({ job: 'draw-due-batches', status: 'held' });
    expect(await byHand).toMatchObject({ outcome: 'ok', trigger: 'manual' });
    expect(lottery.calls.drawDue).toHaveLength(calls + 1);
  });

  it('refuses a second run by hand while the first is going', async () => {
    const calls = lottery.calls.drawDue.length;
    const first = runNow('draw-due-batches');
    await until(() => lottery.calls.drawDue.length > calls);
    expect((await client.refusal(scheduler.runJob, { name: 'draw-due-batches' }, as('admin'))).code).toBe(
      'INVALID_STATE',
    );
    await first;
    expect(lottery.calls.drawDue).toHaveLength(calls + 1);
  });
});

describe('DOMAIN §9 running a job now is for admins, and only for the jobs this build has', () => {
  it('answers NOT_FOUND for a job name this build does not have, and runs nothing', async () => {
    const refusal = await client.refusal(scheduler.runJob, { name: 'no-such-job' }, admin);
    expect(refusal.code).toBe('NOT_FOUND');
  });

  it('refuses a name that is not a job name with VALIDATION_FAILED', async () => {
    for (const name of ['Expire_Vouchers', 'expire vouchers', '-x', 'a'.repeat(61)]) {
      expect((await client.refusal(scheduler.runJob, { name }, admin)).code, name).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses anyone but an admin, the scheduler role included, and a request without a caller', async () => {
    const asked = walletAsked.length;
    for (const role of ['approver', 'operator', 'enterprise', 'scheduler'] as const) {
      expect((await client.refusal(scheduler.runJob, { name: 'remind-expiring-vouchers' }, as(role))).code).toBe(
        'FORBIDDEN',
      );
    }
    expect((await client.refusal(scheduler.runJob, { name: 'remind-expiring-vouchers' })).code).toBe('UNAUTHENTICATED');
    expect(walletAsked).toHaveLength(asked);
  });
});
