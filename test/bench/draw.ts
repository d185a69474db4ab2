// ARCHITECTURE A10's draw: one batch of 1,000,000 eligible reservations over 10
// categories, 100,000 winners (annual limit 1), drawn through the bus end to end,
// and the bare PostgreSQL floor of a draw (STACK-NOTES: eligible hash + HMAC
// scoring) measured in the same run on the same data, so the ratio compares
// across machines.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { EVENTS_STREAM } from '@voucher/bus';
import { lottery, lotteryEvents, publicationSchema, type Caller } from '@voucher/contracts';
import { createPool } from '@voucher/db';
import { verifyPublication } from '@voucher/draw';
import { createStorage } from '@voucher/storage';
import { isolate, testClient } from '@voucher/testing';
import { startNatsCluster } from '../../scripts/cluster.mjs';
import { ROOT } from '../../scripts/platform.mjs';
import { memoryOfEach } from './process-memory.ts';
import { serviceProcess, type ServiceProcess } from './service-process.ts';

/** smaller values only to try the benchmark out; A10's figure is at 100,000 */
const ENTERPRISES = Number(process.env.BENCH_DRAW_ENTERPRISES ?? 100_000);
const CATEGORIES = Array.from({ length: 10 }, (_, i) => `C0${i}`);
const QUOTA = ENTERPRISES / 10;
const approver: Caller = { userId: randomUUID(), role: 'approver' };

// The floor: what any LOT-6 draw must do in PostgreSQL, as plain reads (no
// writes, no joins): (a) sort 1M ids by code point and hash them, (b) score
// every id with HMAC-SHA-256 and rank it within its category.
const ELIGIBLE_HASH = `
  SELECT encode(sha256(convert_to(string_agg(id::text, E'\\n' ORDER BY id::text COLLATE "C"), 'UTF8')), 'hex') AS h
  FROM reservations WHERE campaign_id = $1 AND state = 'pending'`;
const SCORING = `
  SELECT count(*)::int AS n FROM (
    SELECT row_number() OVER (PARTITION BY category_code
                              ORDER BY public.hmac(convert_to(category_code || ':' || id::text, 'UTF8'), decode($2, 'hex'), 'sha256'),
                                       id::text COLLATE "C") AS rn
    FROM reservations WHERE campaign_id = $1 AND state = 'pending') ranked
  WHERE rn <= $3`;

const ms = (since: number) => Math.round(performance.now() - since);
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return ms(t);
}

/**
 * Not timed: an isolation, the lottery and the wallet, categories and a
 * campaign through the bus, then the reservations in bulk SQL (as
 * kill-during-draw.test.ts does) and the campaign closed by moving its times.
 * With `cluster` (issue 17), the bus is a NATS cluster of three nodes of its
 * own with every stream at 3 replicas, and the lottery and the wallet run two
 * replicas each (as the single host's one: only the bus differs).
 */
export async function prepare({ cluster = false }: { cluster?: boolean } = {}) {
  const undo: (() => Promise<unknown>)[] = [];
  const dispose = async () => {
    for (const step of undo.splice(0).reverse()) {
      await step().catch((err) => console.error('bench draw: clean-up step failed:', err));
    }
  };
  try {
    const nats = cluster
      ? await startNatsCluster({
          dir: await mkdtemp(join(tmpdir(), 'voucher-bench-draw-')),
          port: 18990,
          logDir: join(ROOT, '.data', 'logs', 'bench-draw-cluster'),
        })
      : undefined;
    if (nats) undo.push(() => nats.stop());
    const iso = await isolate(
      cluster ? 'benchdrawcl' : 'benchdraw',
      nats ? { bus: { url: nats.url, keysDir: nats.keysDir, replicas: 3 } } : {},
    );
    undo.push(() => iso.dispose());
    const env = { ...iso.env, STORAGE_DIR: `/tmp/voucher-bench-${iso.id}` };
    undo.push(() => rm(env.STORAGE_DIR, { recursive: true, force: true }));
    const replicas = cluster ? 2 : 1;
    // the lottery first (its migrations), then the wallet, which issues the vouchers from the draw's
    // events (A10 counts them); each a process of its own, its memory its own (issue 20 item 8)
    const processes: Record<string, ServiceProcess> = {};
    for (const name of ['lottery', 'wallet']) {
      for (let i = 0; i < replicas; i++) {
        // the lottery's metrics tell where the draw's time goes, phase by phase
        const started = await serviceProcess(name, name === 'lottery' ? { ...env, METRICS_PORT: 'any' } : env);
        undo.push(() => started.stop());
        processes[i === 0 ? name : `${name}-${i + 1}`] = started;
      }
    }
    const client = await testClient(iso);
    undo.push(() => client.close());
    // the benchmark's own connection: bulk load, floor, checks
    const pool = createPool(iso.databaseUrl, 'lottery', 1);
    undo.push(() => pool.end());

    for (const code of CATEGORIES) {
      await client.call(
        lottery.createCategory,
        {
          code,
          name: `${code}专用券`,
          faceValue: 100_000,
          validityDays: 180,
          redemptionMode: 'balance',
          annualLimit: 1,
        },
        approver,
      );
    }
    const hour = 3600_000;
    const now = Date.now();
    const campaign = await client.call(
      lottery.createCampaign,
      {
        name: '基准活动',
        mode: 'lottery',
        opensAt: new Date(now - hour).toISOString(),
        closesAt: new Date(now + hour).toISOString(),
        categories: CATEGORIES,
        batches: [
          {
            drawAt: new Date(now + 2 * hour).toISOString(),
            publishAt: new Date(now + 3 * hour).toISOString(),
            quotas: Object.fromEntries(CATEGORIES.map((c) => [c, QUOTA])),
          },
        ],
      },
      approver,
    );

    /** a UUIDv7 whose millisecond is now plus `n` (the schema's `uuid_v7`, libs/db): increasing, random in its tail */
    const UUID7 = (n: string) => `uuid_v7(now() + (${n}) * interval '1 millisecond')`;
    // what qualification's events would have filled (QUA-9), then every enterprise reserves every category.
    // Ids are UUIDv7 as the services make them (time first), not random v4: index inserts follow that order.
    await pool.query(
      `INSERT INTO qualifications (enterprise_id, year, approved, complete)
       SELECT ${UUID7('i')}, $1, true, true FROM generate_series(1, $2) AS i`,
      [campaign.year, ENTERPRISES],
    );
    // company names make the publication (masked winners) as big as a real one
    await pool.query(`INSERT INTO enterprises (enterprise_id, company_name, district, certified)
                      SELECT enterprise_id, '南京基准' || row_number() OVER () || '科技有限公司', '玄武区', true
                      FROM qualifications`);
    await pool.query(
      `INSERT INTO reservations (id, campaign_id, enterprise_id, category_code, state)
       SELECT ${UUID7('row_number() OVER ()')}, $1, q.enterprise_id, c.code, 'pending'
       FROM qualifications q CROSS JOIN unnest($2::text[]) AS c(code)`,
      [campaign.id, CATEGORIES],
    );
    // time travel, as the lottery harness does: the window is over and the batch is due
    await pool.query(`UPDATE campaigns SET closes_at = now() - interval '1 second' WHERE id = $1`, [campaign.id]);
    await pool.query(
      `UPDATE batches SET draw_at = now() - interval '1 second' * (100 - seq), publish_at = now() - interval '1 second' * (99 - seq)
       WHERE campaign_id = $1`,
      [campaign.id],
    );
    // statistics for the planner; VACUUM also sets hint bits and CHECKPOINT writes the load's
    // dirty pages now, so neither the floor nor the draw pays the bulk load's debts
    await pool.query('VACUUM ANALYZE');
    await pool.query('CHECKPOINT');
    // the wallet has learnt the categories (from lottery's events) before the clock starts
    for (;;) {
      const n = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wallet.categories')).rows[0]!.n;
      if (n === CATEGORIES.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return { env, processes, client, pool, campaignId: campaign.id, batchId: campaign.batches[0]!.id, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

type Plan = Record<string, any> & { Plans?: Plan[] };
/** "external merge, 70000 kB Disk": how each sort of a plan ran (EXPLAIN ANALYZE) */
function sortsOf(plan: Plan): string[] {
  const own = plan['Sort Method']
    ? [`${plan['Sort Method']}, ${plan['Sort Space Used']} kB ${plan['Sort Space Type']}`]
    : [];
  return [...own, ...(plan.Plans ?? []).flatMap(sortsOf)];
}

/** The floor again with more work_mem: does spilling to disk cost it time? (not timed as the floor) */
async function floorWith(pool: pg.Pool, workMem: string, campaignId: string, seed: string) {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SET LOCAL work_mem = '${workMem}'`);
    return {
      eligibleHash: await timed(() => c.query(ELIGIBLE_HASH, [campaignId])),
      scoring: await timed(() => c.query(SCORING, [campaignId, seed, QUOTA])),
    };
  } finally {
    await c.query('ROLLBACK');
    c.release();
  }
}

/** The draw's phases as the lottery timed them (draw_phase_duration_seconds), in ms; a single draw's sums. */
async function drawPhasesMs(lottery: ServiceProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${lottery.metricsPort}/metrics`)).text();
  const phases: Record<string, number> = {};
  for (const [, phase, seconds] of text.matchAll(/draw_phase_duration_seconds_sum\{[^}]*phase="(\w+)"[^}]*\} (\S+)/g)) {
    phases[phase!] = Math.round(Number(seconds) * 1000);
  }
  return phases;
}

/** Waits until the lottery's relay (woken by the outbox's NOTIFY) has published every event of its outbox. */
async function outboxEmpty(pool: pg.Pool): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
    if (rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function run(): Promise<object> {
  const b = await prepare();
  try {
    return await measureDraw(b);
  } finally {
    await b.dispose();
  }
}

/** The draw of a prepared batch, timed end to end, beside its PostgreSQL floor, and checked. */
export async function measureDraw(b: Awaited<ReturnType<typeof prepare>>) {
  const { pool, client, campaignId, batchId } = b;
  const one = async <T>(text: string, values: unknown[] = []) => (await pool.query(text, values)).rows[0] as T;
  // a wait on the services fails as soon as one of them dies (out of heap under a ceiling, say)
  const died = Promise.race(Object.values(b.processes).map((p) => p.died));
  const whileAlive = <T>(wait: Promise<T>) => Promise.race([wait, died]);

  // the floor first, while every reservation is still pending; the seed is any 32 bytes
  const seed = randomBytes(32).toString('hex');
  let ranked = 0;
  const eligibleHash = await timed(() => pool.query(ELIGIBLE_HASH, [campaignId]));
  const scoring = await timed(async () => {
    ranked = (await one<{ n: number }>(SCORING, [campaignId, seed, QUOTA])).n;
  });
  if (ranked !== QUOTA * CATEGORIES.length) throw new Error(`floor ranked ${ranked} winners`);
  const floorMs = { eligibleHash, scoring, total: eligibleHash + scoring };

  // observations for the service's SQL (not timed): the server's work_mem and whether the floor's sorts spill.
  // PostgreSQL 15's EXPLAIN does not show the sort inside string_agg(... ORDER BY), hence the re-run with more memory.
  const workMem = (await one<{ work_mem: string }>('SHOW work_mem')).work_mem;
  const [explained] = (
    await one<{ 'QUERY PLAN': Plan[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${SCORING}`, [campaignId, seed, QUOTA])
  )['QUERY PLAN'];
  const observations = {
    workMem,
    floorScoringSorts: sortsOf(explained!.Plan),
    floorMsWithWorkMem256MB: await floorWith(pool, '256MB', campaignId, seed),
  };

  // timed: the draw through the bus (eligible set, hash, scores, wins, chunked events in the outbox) ...
  const start = performance.now();
  let t = start;
  const drawn = await whileAlive(client.call(lottery.drawBatch, { id: batchId }, approver));
  const drawMs = ms(t);
  const drawPhases = await drawPhasesMs(b.processes.lottery!);
  // ... the relay publishing the draw's events (it may have started before the reply) ...
  t = performance.now();
  await whileAlive(outboxEmpty(pool));
  const relayMs = ms(t);
  // ... and every winner's voucher in its wallet, with its + issue entry in the ledger (A10's end). Each chunk's
  // vouchers and entries commit with its inbox row, so the few inbox rows are watched, not the growing ledger
  // (counting that every few milliseconds would slow the very issuing it times); the ledger is counted after.
  const winEvents = (
    await one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE subject = $1`, [
      lotteryEvents.winsRecorded.type,
    ])
  ).n;
  t = performance.now();
  const allIssued = async () => {
    for (;;) {
      const handled = (
        await one<{ n: number }>(`SELECT count(*)::int AS n FROM wallet.inbox WHERE subject = $1`, [
          lotteryEvents.winsRecorded.type,
        ])
      ).n;
      if (handled >= winEvents) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await whileAlive(allIssued());
  const issuingMs = ms(t);
  const endToEndMs = ms(start);
  const issued = (await one<{ n: number }>(`SELECT count(*)::int AS n FROM wallet.ledger WHERE kind = 'issue'`)).n;
  if (issued !== drawn.winners) throw new Error(`${issued} vouchers issued for ${drawn.winners} winners`);
  const pids = Object.fromEntries(Object.entries(b.processes).map(([name, p]) => [name, p.pid]));
  // issue 20 item 8: each process's memory, after the draw and its issuing, then after the publication
  const afterDraw = memoryOfEach(pids);
  // ... and the publication document, built and stored
  t = performance.now();
  await whileAlive(client.call(lottery.publishBatch, { id: batchId }, approver));
  const publishMs = ms(t);
  // the publication's result chunks on the bus too (a million ids through the relay), then the memory
  await whileAlive(outboxEmpty(pool));
  const memory = { afterDraw, afterPublication: memoryOfEach(pids) };

  // not timed: the draw did what it claims, and its publication verifies (LOT-6)
  const eligible = (
    await one<{ n: number }>(
      'SELECT coalesce(sum(cardinality(ids)), 0)::int AS n FROM batch_eligible WHERE batch_id = $1',
      [batchId],
    )
  ).n;
  const perCategory = Object.fromEntries(
    (
      await pool.query<{ code: string; n: number }>(
        'SELECT category_code AS code, count(*)::int AS n FROM wins WHERE batch_id = $1 GROUP BY 1 ORDER BY 1',
        [batchId],
      )
    ).rows.map((r) => [r.code, r.n]),
  );
  const maxWins = (await one<{ n: number }>('SELECT max(wins)::int AS n FROM annual_wins')).n;
  const stream = await client.bus.jsm.streams.info(client.bus.naming.stream(EVENTS_STREAM), {
    subjects_filter: '>',
  });
  const ref = await client.call(lottery.publicationRef, { id: batchId });
  const body = await createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: b.env.STORAGE_DIR }).get(ref.storageKey);
  const chunks: Buffer[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk as Buffer);
  const verification = verifyPublication(publicationSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8'))));

  return {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    eligible,
    winners: drawn.winners,
    drawMs,
    drawPhasesMs: drawPhases,
    relayMs,
    publishMs,
    drawAndRelayMs: drawMs + relayMs,
    walletIssuingAfterRelayMs: issuingMs,
    endToEndMs,
    floorMs,
    ratio: +(endToEndMs / floorMs.total).toFixed(2),
    target: '≤ 8 s end to end: winners persisted, vouchers in wallets, ledger entries written (A10)',
    verified: verification.valid,
    ...(verification.valid ? {} : { mismatches: verification.mismatches.slice(0, 5) }),
    checks: {
      winnersPerCategory: perCategory,
      maxWinsPerEnterprise: maxWins,
      winEventsPublished: stream.state.subjects?.[client.bus.naming.subject(lotteryEvents.winsRecorded.type)] ?? 0,
      publicationBytes: ref.size,
    },
    memory,
    observations,
  };
}
