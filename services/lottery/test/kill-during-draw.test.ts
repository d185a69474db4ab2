import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, createPool } from '@voucher/db';
import { lottery, publicationSchema } from '@voucher/contracts';
import { verifyPublication } from '@voucher/draw';
import { createStorage } from '@voucher/storage';
import { approver, lotteryHarness, type LotteryHarness } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RESERVATIONS = 200_000;
let h: LotteryHarness;

beforeAll(async () => {
  h = await lotteryHarness('lotkill');
  await h.category('AUDIT', 1);
  await h.category('CERT', 1);
});
afterAll(() => h.close());

describe('LOT-5 a draw survives the death of its process', () => {
  it(`is drawn exactly once, verifiably, after a SIGKILL in the middle of ${RESERVATIONS} reservations`, async () => {
    const c = await h.campaign({ categories: ['AUDIT', 'CERT'], quotas: [{ AUDIT: 5000, CERT: 5000 }] });
    const year = (await h.call(lottery.getCampaign, { id: c.id })).year;
    // bulk set-up: the projections qualification's events would have filled, and the reservations
    await sql`INSERT INTO qualifications (enterprise_id, year, approved, complete)
              SELECT gen_random_uuid(), ${year}, true, true FROM generate_series(1, ${RESERVATIONS / 2})`.execute(
      h.service.db,
    );
    await sql`INSERT INTO reservations (id, campaign_id, enterprise_id, category_code, state)
              SELECT gen_random_uuid(), ${c.id}, q.enterprise_id, cat, 'pending'
              FROM qualifications q CROSS JOIN (VALUES ('AUDIT'), ('CERT')) AS cats(cat) WHERE q.year = ${year}`.execute(
      h.service.db,
    );
    await c.close();
    // the in-test lottery steps aside; a separate process takes its place
    await h.service.stop();

    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'lottery-process.ts')], {
      env: { ...process.env, ...h.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // the reply will never come; only the request matters
    void h.client.bus
      .request(lottery.drawBatch, { id: c.batches[0]! }, { requestId: 'doomed', caller: approver }, { timeoutMs: 3000 })
      .catch(() => undefined);
    const watcherPool = createPool(h.iso.databaseUrl, 'lottery', 1);
    const watcher = createDb<any>(watcherPool);
    // wait until the draw is inside PostgreSQL, then kill it there
    await expect
      .poll(
        async () =>
          (
            await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND state = 'active' AND query LIKE '%draw_pool%'
                AND query NOT LIKE '%pg_stat_activity%'`.execute(watcher)
          ).rows[0]!.n,
        { timeout: 20_000, interval: 10 },
      )
      .toBeGreaterThan(0);
    child.kill('SIGKILL');
    await exited;
    const state = (await sql<{ state: string }>`SELECT state FROM batches WHERE id = ${c.batches[0]!}`.execute(watcher))
      .rows[0]!;
    expect(state.state).toBe('scheduled');
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM wins`.execute(watcher)).rows[0]!.n).toBe(0);
    await watcherPool.end();

    await h.restart();
    const drawn = await h.call(lottery.drawBatch, { id: c.batches[0]! }, approver);
    expect(drawn.winners).toBe(10_000);
    expect((await h.refusal(lottery.drawBatch, { id: c.batches[0]! }, approver)).code).toBe('INVALID_STATE');
    await h.call(lottery.publishBatch, { id: c.batches[0]! }, approver);
    const ref = await h.call(lottery.publicationRef, { id: c.batches[0]! });
    const chunks: Buffer[] = [];
    for await (const chunk of (await createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: h.env.STORAGE_DIR }).get(
      ref.storageKey,
    ))!) {
      chunks.push(chunk as Buffer);
    }
    const doc = publicationSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    expect(doc.categories.map((x) => x.eligible.length)).toEqual([RESERVATIONS / 2, RESERVATIONS / 2]);
    expect(verifyPublication(doc)).toEqual({ valid: true, mismatches: [] });
    const perEnterprise = (await sql<{ n: number }>`SELECT max(wins)::int AS n FROM annual_wins`.execute(h.service.db))
      .rows[0]!.n;
    expect(perEnterprise).toBe(1);
  }, 120_000);
});
