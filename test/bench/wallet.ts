// Issue 6's figures: issuing 100,000 vouchers from win events, and payments per
// second over the bus with a PIN check (ARCHITECTURE A10: ≥ 1,000/s, zero double
// spend), each next to its floor measured in the same run.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { createDb, createPool } from '@voucher/db';
import { v7 as uuidv7 } from 'uuid';
import { BENCH_IDENTITY } from '@voucher/bus';
import { defineCommand, lotteryEvents, wallet, type Caller } from '@voucher/contracts';
import { startService } from '@voucher/runtime';
import { announce, connectAs, isolate, publishEvent, testClient } from '@voucher/testing';
import { walletService } from '../../services/wallet/src/service.ts';
import { seedPins } from './pins.ts';
import { pgbenchFloor } from './pgbench-floor.ts';
import { serviceProcess } from './service-process.ts';

const WINS = Number(process.env.BENCH_WALLET_WINS ?? 100_000);
const PAYERS = Number(process.env.BENCH_WALLET_PAYERS ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PIN = '246810';
const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'wallet', 'migrations');

/** Runs `work` from CONCURRENCY loops for SECONDS; counts what succeeded. */
async function sustained(
  work: (i: number) => Promise<unknown>,
  seconds = SECONDS,
): Promise<{ perSecond: number; ok: number; failed: number }> {
  const until = Date.now() + seconds * 1000;
  let i = 0;
  let ok = 0;
  let failed = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        try {
          await work(i++);
          ok++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { perSecond: Math.round((ok * 1000) / (Date.now() - start)), ok, failed };
}

/** The wallet the load pays against: its database, its metrics port when it serves them, and its end. */
interface WalletUnderTest {
  db: Kysely<unknown>;
  metricsPort?: number | undefined;
  stop(): Promise<void>;
}

/** The wallet as a process of its own: the load's paying then does not share the wallet's event loop. */
async function walletProcess(env: Record<string, string>): Promise<WalletUnderTest> {
  const wallet = await serviceProcess('wallet', env);
  const pool = createPool(env.DATABASE_URL!, 'wallet', 2);
  return {
    db: createDb(pool),
    metricsPort: wallet.metricsPort,
    stop: async () => {
      await wallet.stop();
      await pool.end();
    },
  };
}

/**
 * A wallet of its own with `wins` vouchers issued from the lottery's win events (timed) over PAYERS
 * payers who each have a PIN; `payments()` then pays 10.00 yuan orders from CONCURRENCY loops for
 * SECONDS. `extraEnv` instruments it or not (the observability benchmark's sides). In this process,
 * or, with `ownProcess`, in a process of its own.
 */
export async function walletUnderLoad(
  label: string,
  wins: number,
  extraEnv: Record<string, string> = {},
  { ownProcess = false }: { ownProcess?: boolean } = {},
) {
  const iso = await isolate(label);
  const env = { ...iso.env, LOG_LEVEL: 'warn', DB_POOL_MAX: '8', ...extraEnv };
  const service: WalletUnderTest = ownProcess
    ? await walletProcess(env)
    : await startService(walletService, { env, installSignals: false, migrationsDir });
  const client = await testClient(iso, { requestTimeoutMs: 60_000 });
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  const close = async () => {
    await db.end();
    await client.close();
    await service.stop();
    await iso.dispose();
  };
  try {
    await announce(client, service.db, lotteryEvents.categoryCreated, {
      code: 'BENCH',
      name: '基准券',
      faceValue: 1_000_000,
      validityDays: 365,
      validUntil: null,
      redemptionMode: 'balance',
      annualLimit: 1,
    });
    const payers: Caller[] = Array.from({ length: PAYERS }, () => ({ userId: uuidv7(), role: 'enterprise' }));
    const owners = Array.from({ length: wins }, (_, i) => payers[i % PAYERS]!.userId);

    // issuing: the lottery's chunks of 1,000 wins, published as its relay would, until every voucher exists
    const t = performance.now();
    for (let c = 0; c * 1000 < wins; c++) {
      const data = {
        batchId: uuidv7(),
        campaignId: uuidv7(),
        category: 'BENCH',
        source: 'draw' as const,
        visibleFrom: new Date(Date.now() - 1000).toISOString(),
        chunk: c,
        wins: owners
          .slice(c * 1000, (c + 1) * 1000)
          .map((enterpriseId) => ({ winId: uuidv7(), enterpriseId, reservationId: null })),
      };
      await publishEvent(client, lotteryEvents.winsRecorded, data);
    }
    for (;;) {
      const n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wallet.vouchers')).rows[0]!.n;
      if (n >= wins) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const issueMs = Math.round(performance.now() - t);
    await seedPins(
      db,
      payers.map((p) => p.userId),
      PIN,
    );
    const voucherOf = new Map(
      (
        await db.query<{ id: string; enterprise_id: string }>(
          'SELECT DISTINCT ON (enterprise_id) id, enterprise_id FROM wallet.vouchers',
        )
      ).rows.map((r) => [r.enterprise_id, r.id]),
    );
    return {
      iso,
      client,
      db,
      service,
      issueMs,
      close,
      /** payments of 10.00 yuan, each with its payer's PIN and one of its vouchers, for `seconds` */
      payments: (seconds = SECONDS) =>
        sustained((i) => {
          const payer = payers[i % PAYERS]!;
          return client.call(
            wallet.pay,
            {
              orderId: uuidv7(),
              providerId: uuidv7(),
              orderAmount: 10_000,
              quantity: 1,
              acceptedCategories: ['BENCH'],
              maxVoucherPerUnit: 10_000,
              vouchers: [{ voucherId: voucherOf.get(payer.userId)!, amount: 1_000 }],
              pin: PIN,
            },
            payer,
          );
        }, seconds),
    };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function run(): Promise<object> {
  const w = await walletUnderLoad('benchwallet', WINS);
  const { iso, client, db } = w;
  try {
    // issuing's floor: the same rows written by two bare INSERT … SELECT statements
    await db.query('CREATE TABLE wallet.floor_v (LIKE wallet.vouchers INCLUDING ALL)');
    await db.query('CREATE TABLE wallet.floor_l (LIKE wallet.ledger INCLUDING ALL)');
    const t = performance.now();
    await db.query(`INSERT INTO wallet.floor_v SELECT gen_random_uuid(), 30000000000 + row_number() OVER (), enterprise_id, category_code,
                    face_value, balance, state, redemption_mode, source_kind, batch_id, campaign_id, issued_at, visible_from, expires_at, city
                    FROM wallet.vouchers`);
    await db.query(`INSERT INTO wallet.floor_l SELECT gen_random_uuid(), voucher_id, enterprise_id, kind, amount, balance_after,
                    order_id, note, at FROM wallet.ledger`);
    const issueFloorMs = Math.round(performance.now() - t);

    const pay = await w.payments();
    const integrity = await client.call(wallet.integrity, {}, { userId: uuidv7(), role: 'admin' });
    const spent = (
      await db.query<{ paid: number }>(`SELECT coalesce(sum(total), 0)::bigint AS paid FROM wallet.payments`)
    ).rows[0]!.paid;

    const floor = await busEchoFloor(iso);
    // payments write: their other floor is pgbench's TPC-B-like, run with the wallet idle (item 7)
    const pgbench = await pgbenchFloor(iso.databaseUrl);
    return {
      at: new Date().toISOString(),
      issuing: { wins: WINS, ms: w.issueMs, floorMs: issueFloorMs, ratio: +(w.issueMs / issueFloorMs).toFixed(2) },
      payments: {
        ...pay,
        target: '≥ 1,000 payments/s, zero double spend (A10)',
        concurrency: CONCURRENCY,
        paidFen: spent,
        expectedFen: pay.ok * 1_000,
        integrityOk: integrity.ok,
      },
      floors: { busEchoPerSecond: floor.perSecond, pgbenchTpcb: pgbench },
      ratio: +(pay.perSecond / floor.perSecond).toFixed(3),
      ratioToPgbenchTps: +(pay.perSecond / pgbench.tps).toFixed(3),
    };
  } finally {
    await w.close();
  }
}

/** Payments' floor: a bus request to an echo responder, at the same concurrency, on the run's NATS. */
export async function busEchoFloor(iso: Awaited<ReturnType<typeof isolate>>) {
  const echo = defineCommand('svc.bench.echo', z.object({}).passthrough(), z.object({}).passthrough(), {
    from: [BENCH_IDENTITY as never],
  });
  const [responder, sender] = [await connectAs(iso, BENCH_IDENTITY), await connectAs(iso, BENCH_IDENTITY)];
  responder.handle(echo, async (req) => req);
  await responder.nc.flush();
  const floor = await sustained(() => sender.request(echo, { hello: 'world' }, { requestId: 'bench' }));
  await responder.close();
  await sender.close();
  return floor;
}
