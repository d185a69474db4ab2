import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { orders, scheduler, systemCaller, wallet, type Caller } from '@voucher/contracts';
import type { RunningService } from '@voucher/runtime';
import { connectAs, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { jobs } from '../src/jobs.ts';
import { createRunner, type Runner } from '../src/runner.ts';
import type { SchedulerDb } from '../src/store/schema.ts';
import { as, startScheduler } from './harness.ts';

/**
 * Issue 18 item 2: the reminder jobs ask the wallet (voucher expiry and
 * reclaim, WAL-6) and orders (the contract deadline, ORD-5) to remind what
 * falls due, hourly, once per due time however many replicas tick. The wallet
 * and orders are played by responders under their own bus identities.
 */
let iso: Isolation;
let client: TestClient;
let replica: RunningService;
let runner: Runner;
const admin = as('admin');
const asked: { wallet: Caller[]; orders: Caller[] } = { wallet: [], orders: [] };
const closers: (() => Promise<void>)[] = [];

const voucherJob = jobs.find((j) => j.name === 'remind-expiring-vouchers')!;
const contractJob = jobs.find((j) => j.name === 'remind-contract-deadlines')!;

beforeAll(async () => {
  iso = await isolate('schedremind');
  client = await testClient(iso);
  const walletBus = await connectAs(iso, 'wallet');
  walletBus.handle(wallet.remindDue, async (_req, ctx) => {
    asked.wallet.push(ctx.caller!);
    return { reminded: 3, expiry: 2, reclaim: 1 };
  });
  const ordersBus = await connectAs(iso, 'orders');
  ordersBus.handle(orders.remindContractsDue, async (_req, ctx) => {
    asked.orders.push(ctx.caller!);
    return { reminded: 0 };
  });
  await Promise.all([walletBus.nc.flush(), ordersBus.nc.flush()]);
  closers.push(
    () => walletBus.close(),
    () => ordersBus.close(),
  );
  replica = await startScheduler(iso, { SCHEDULER_ENABLED: 'false' });
  const { bus, redis, db, logger } = replica;
  runner = createRunner({ jobs: [voucherJob, contractJob], bus, redis, db: db as Kysely<SchedulerDb>, logger });
});
afterAll(async () => {
  await runner?.stop();
  await replica?.stop();
  for (const close of closers) await close();
  await client?.close();
  await iso?.dispose();
});

describe('issue 18 the reminder jobs', () => {
  it('are hourly jobs of their own, each under a lock that outlives its 120 s request', () => {
    expect(voucherJob).toMatchObject({ cron: '0 15 * * * *', schedule: 'every hour at :15' });
    expect(contractJob).toMatchObject({ cron: '0 12 * * * *', schedule: 'every hour at :12' });
    for (const job of [voucherJob, contractJob]) expect(job.lockMs).toBeGreaterThan(120_000);
  });

  it('ask the wallet and orders once per due time, as the scheduler, and record the run that reminded something', async () => {
    const due = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 15 * 60_000);
    // two replicas' timers firing for the same due time: one run
    const [first, second] = await Promise.all([runner.tick(due), runner.tick(due)]);
    const ran = [...first!, ...second!].filter((r) => r.status === 'ran');
    expect(ran.map((r) => r.job).sort()).toEqual(['remind-contract-deadlines', 'remind-expiring-vouchers']);
    expect(asked.wallet).toEqual([systemCaller]);
    expect(asked.orders).toEqual([systemCaller]);

    // the next hour asks again
    await runner.tick(new Date(due.getTime() + 3_600_000));
    expect(asked.wallet).toHaveLength(2);

    const runs = await client.call(scheduler.listRuns, { job: 'remind-expiring-vouchers' }, admin);
    expect(runs.items[0]).toMatchObject({ outcome: 'ok', detail: { reminded: 3, expiry: 2, reclaim: 1 } });
    // nothing reminded is a quiet run: no row, only the job's last run
    expect((await client.call(scheduler.listRuns, { job: 'remind-contract-deadlines' }, admin)).total).toBe(0);
    const view = (await client.call(scheduler.listJobs, {}, admin)).items.find(
      (j) => j.name === 'remind-contract-deadlines',
    );
    expect(view).toMatchObject({ lastOutcome: 'ok' });
  });
});
