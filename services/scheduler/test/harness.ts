import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lottery, type Caller, type ReplyOf } from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { connectAs, type Isolation } from '@voucher/testing';
import { jobs } from '../src/jobs.ts';
import { createRunner, type Runner } from '../src/runner.ts';
import { schedulerService } from '../src/service.ts';
import type { SchedulerDb } from '../src/store/schema.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** A scheduler replica in this process, ticking every second unless `SCHEDULER_ENABLED: 'false'`. */
export function startScheduler(iso: Isolation, env: Record<string, string> = {}): Promise<RunningService> {
  return startService(schedulerService, { env: { ...iso.env, ...env }, installSignals: false, migrationsDir });
}

/** The jobs these tests drive: the lottery's two, which run at every tick. */
export const tickJobs = jobs.filter((j) => j.name === 'draw-due-batches' || j.name === 'publish-due-results');

/** The runner of a (disabled) replica, driven by the test instead of node-cron. */
export function runnerOf(service: RunningService): Runner {
  const { bus, redis, db, logger } = service;
  return createRunner({ jobs: tickJobs, bus, redis, db: db as Kysely<SchedulerDb>, logger });
}

type DueReply = ReplyOf<typeof lottery.drawDue>;
type DueCommand = 'drawDue' | 'publishDue';

export interface Call {
  at: number;
  requestId: string;
  caller: Caller | undefined;
}

export interface LotteryStandIn {
  calls: Record<DueCommand, Call[]>;
  /** the most runs of one command that were going at once */
  maxConcurrent: Record<DueCommand, number>;
  close(): Promise<void>;
}

/**
 * Stands in for the lottery service: a real responder on the bus, in the
 * lottery's queue group and under the isolation's prefix, answering what each
 * test tells it to.
 */
export async function lotteryStandIn(
  iso: Isolation,
  answers: Partial<Record<DueCommand, (call: Call) => Promise<DueReply>>> = {},
): Promise<LotteryStandIn> {
  const bus = await connectAs(iso, 'lottery');
  const calls: LotteryStandIn['calls'] = { drawDue: [], publishDue: [] };
  const maxConcurrent = { drawDue: 0, publishDue: 0 };
  const going = { drawDue: 0, publishDue: 0 };
  for (const name of ['drawDue', 'publishDue'] as const) {
    bus.handle(lottery[name], async (_req, ctx) => {
      const call = { at: Date.now(), requestId: ctx.requestId, caller: ctx.caller };
      calls[name].push(call);
      maxConcurrent[name] = Math.max(maxConcurrent[name], ++going[name]);
      try {
        return await (answers[name]?.(call) ?? Promise.resolve(nothingDue));
      } finally {
        going[name]--;
      }
    });
  }
  await bus.nc.flush();
  return { calls, maxConcurrent, close: () => bus.close() };
}

export const nothingDue: DueReply = { done: [], failed: [] };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns something truthy; fails after `timeoutMs`. */
export async function until<T>(check: () => Promise<T> | T, timeoutMs = 8000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Shortest time between two consecutive calls: a job run twice for one due time shows as a few ms. */
export function shortestGap(calls: Call[]): number {
  let gap = Infinity;
  for (let i = 1; i < calls.length; i++) gap = Math.min(gap, calls[i]!.at - calls[i - 1]!.at);
  return gap;
}

export function as(role: Caller['role']): Caller {
  return { userId: uuidv7(), role };
}

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
