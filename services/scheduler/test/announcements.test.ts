import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { announcements, scheduler, systemCaller, type Caller } from '@voucher/contracts';
import type { RunningService } from '@voucher/runtime';
import { connectAs, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { jobs } from '../src/jobs.ts';
import { createRunner, type Runner } from '../src/runner.ts';
import type { SchedulerDb } from '../src/store/schema.ts';
import { as, startScheduler } from './harness.ts';

/**
 * Issue 18 item 2: an announcement published for a later time is announced
 * (to the users who opted in) when its time comes: the scheduler asks
 * settlement at every tick, once per due time however many replicas tick.
 * Settlement is played by a responder under its own bus identity; what it
 * does is settlement's test (services/settlement/test/announcements.test.ts).
 */
let iso: Isolation;
let client: TestClient;
let replica: RunningService;
let runner: Runner;
const admin = as('admin');
const asked: Caller[] = [];
const announced = uuidv7();
const closers: (() => Promise<void>)[] = [];

const job = jobs.find((j) => j.name === 'announce-due-announcements')!;

beforeAll(async () => {
  iso = await isolate('schednews');
  client = await testClient(iso);
  const settlementBus = await connectAs(iso, 'settlement');
  settlementBus.handle(announcements.announceDue, async (_req, ctx) => {
    asked.push(ctx.caller!);
    // the first run finds one due, the next ones none
    return { done: asked.length === 1 ? [announced] : [], failed: [] };
  });
  await settlementBus.nc.flush();
  closers.push(() => settlementBus.close());
  replica = await startScheduler(iso, { SCHEDULER_ENABLED: 'false' });
  const { bus, redis, db, logger } = replica;
  runner = createRunner({ jobs: [job], bus, redis, db: db as Kysely<SchedulerDb>, logger });
});
afterAll(async () => {
  await runner?.stop();
  await replica?.stop();
  for (const close of closers) await close();
  await client?.close();
  await iso?.dispose();
});

describe('issue 18 item 2 the announcing of scheduled announcements', () => {
  it('runs at every tick, under a lock that outlives its request', () => {
    expect(job).toMatchObject({ schedule: expect.stringContaining('every tick') });
    expect(job.cron).toBeUndefined();
    expect(job.lockMs).toBeGreaterThan(120_000);
  });

  it('asks settlement once per due time, as the scheduler, and records the run that announced something', async () => {
    const due = new Date(Math.floor(Date.now() / 1000) * 1000);
    // two replicas' timers firing for the same second: one run
    const [first, second] = await Promise.all([runner.tick(due), runner.tick(due)]);
    expect([...first!, ...second!].filter((r) => r.status === 'ran')).toHaveLength(1);
    expect(asked).toEqual([systemCaller]);

    // the next second asks again, and finds nothing: a quiet run, no row
    await runner.tick(new Date(due.getTime() + 1000));
    expect(asked).toHaveLength(2);
    const runs = await client.call(scheduler.listRuns, { job: 'announce-due-announcements' }, admin);
    expect(runs.items).toEqual([expect.objectContaining({ outcome: 'ok', detail: { done: [announced], failed: [] } })]);
  });
});
