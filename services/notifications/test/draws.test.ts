import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createDb, createPool } from '@voucher/db';
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, notificationEvents, RESULT_CHUNK_SIZE, type DataOf } from '@voucher/contracts';
import { startService } from '@voucher/runtime';
import { publishEvent } from '@voucher/testing';
import { notificationsService } from '../src/service.ts';
import { notificationsHarness, sleep, type NotificationsHarness } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
let h: NotificationsHarness;
beforeAll(async () => {
  h = await notificationsHarness('notifdraw');
  watcherPool = createPool(h.iso.databaseUrl, 'notifications', 1);
  watcher = createDb(watcherPool);
});
afterAll(async () => {
  await watcherPool?.end();
  await h?.close();
});

type Results = DataOf<typeof lotteryEvents.resultsPublished>;
/** a results chunk as lottery appends it at a batch's publication */
function resultsChunk(over: Partial<Results> = {}): Results {
  return {
    batchId: uuidv7(),
    campaignId: uuidv7(),
    campaignName: '2026年第一期服务券',
    batchSeq: 1,
    category: 'AUDIT',
    categoryName: '审计服务专用券',
    outcome: 'won',
    chunk: 0,
    enterpriseIds: [uuidv7()],
    publishedAt: new Date().toISOString(),
    ...over,
  };
}

/** the test's own connection: it outlives the service it watches */
let watcher: Kysely<unknown>;
let watcherPool: ReturnType<typeof createPool>;
async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return (await query.execute(watcher)).rows[0]!.n;
}
const messagesOf = (eventIds: string[]) =>
  count(sql<{ n: number }>`SELECT count(*)::int AS n FROM messages WHERE source_event_id = ANY(${eventIds}::uuid[])`);

describe('LOT-7 draw results reach every enterprise of the batch at publication (issue 18)', () => {
  it('tells winners they won, with an SMS, and those not drawn in the inbox only', async () => {
    const winner = uuidv7();
    const loser = uuidv7();
    await h.announce(lotteryEvents.resultsPublished, resultsChunk({ enterpriseIds: [winner] }));
    await h.announce(
      lotteryEvents.resultsPublished,
      resultsChunk({ outcome: 'not_drawn', batchSeq: 2, enterpriseIds: [loser] }),
    );
    const rows = (
      await sql<{ user_id: string; kind: string; template: string; title_zh: string; body_en: string }>`
        SELECT user_id, kind, template, title_zh, body_en FROM messages JOIN message_texts t ON t.id = text_id
        WHERE user_id IN (${winner}, ${loser}) ORDER BY template DESC`.execute(h.service.db)
    ).rows;
    expect(rows).toEqual([
      expect.objectContaining({ user_id: winner, kind: 'draw_result', template: 'draw.won', title_zh: '恭喜您中签' }),
      expect.objectContaining({ user_id: loser, kind: 'draw_result', template: 'draw.not_drawn', title_zh: '未中签' }),
    ]);
    expect(rows[0]!.body_en).toContain('batch 1 of "2026年第一期服务券"');
    const texted = await sql<{ user_id: string }>`
      SELECT envelope->'data'->>'userId' AS user_id FROM outbox WHERE subject = ${notificationEvents.smsRequested.type}
      AND envelope->'data'->>'userId' IN (${winner}, ${loser})`.execute(h.service.db);
    expect(texted.rows).toEqual([{ user_id: winner }]);
  });

  it('writes a whole chunk of 5,000 once, in words kept once, and nothing more when the chunk is delivered again', async () => {
    const chunk = resultsChunk({
      outcome: 'not_won',
      enterpriseIds: Array.from({ length: RESULT_CHUNK_SIZE }, () => uuidv7()),
    });
    const id = uuidv7();
    await publishEvent(h.client, lotteryEvents.resultsPublished, chunk, { id });
    const ofChunk = () =>
      count(sql<{ n: number }>`SELECT count(*)::int AS n FROM messages WHERE source_event_id = ${id}`);
    await expect.poll(ofChunk, { timeout: 10_000 }).toBe(RESULT_CHUNK_SIZE);
    const texts = await count(
      sql<{ n: number }>`SELECT count(DISTINCT text_id)::int AS n FROM messages WHERE source_event_id = ${id}`,
    );
    expect(texts).toBe(1);
    await h.redeliver(lotteryEvents.resultsPublished, id, chunk);
    await sleep(300);
    expect(await ofChunk()).toBe(RESULT_CHUNK_SIZE);
  });
});

describe('issue 18: the fan-out of a draw survives the death of its process', () => {
  it('resumes after a SIGKILL mid-fan-out, with every message written once and one SMS request per win', async () => {
    const batchId = uuidv7();
    const chunks = [
      ...Array.from({ length: 4 }, (_, i) => resultsChunk({ batchId, chunk: i })),
      ...Array.from({ length: 16 }, (_, i) => resultsChunk({ batchId, chunk: i, outcome: 'not_won' })),
    ].map((c) => ({ ...c, enterpriseIds: Array.from({ length: RESULT_CHUNK_SIZE }, () => uuidv7()) }));
    const total = chunks.length * RESULT_CHUNK_SIZE;
    // the in-test service steps aside; a separate process takes its place
    await h.service.stop();
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'notifications-process.ts')], {
      env: { ...process.env, ...h.iso.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const ids: string[] = [];
    for (const c of chunks) ids.push(await publishEvent(h.client, lotteryEvents.resultsPublished, c));

    // killed once some chunks are written and most are not
    await expect.poll(() => messagesOf(ids), { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await exited;
    const atKill = await messagesOf(ids);
    expect(atKill).toBeLessThan(total);

    const resumed = await startService(notificationsService, {
      env: h.iso.env,
      installSignals: false,
      migrationsDir: join(here, '..', 'migrations'),
    });
    try {
      await expect.poll(() => messagesOf(ids), { timeout: 60_000, interval: 100 }).toBe(total);
      const perRecipient = await count(sql<{ n: number }>`
        SELECT count(DISTINCT user_id)::int AS n FROM messages WHERE source_event_id = ANY(${ids}::uuid[])`);
      expect(perRecipient).toBe(total);
      const sms = (
        await sql<{ requests: number; messages: number }>`
          SELECT count(*)::int AS requests, count(DISTINCT o.envelope->'data'->>'messageId')::int AS messages
          FROM outbox o JOIN messages m ON m.id = (o.envelope->'data'->>'messageId')::uuid
          WHERE o.subject = ${notificationEvents.smsRequested.type} AND m.source_event_id = ANY(${ids}::uuid[])`.execute(
          resumed.db,
        )
      ).rows[0]!;
      expect(sms).toEqual({ requests: 4 * RESULT_CHUNK_SIZE, messages: 4 * RESULT_CHUNK_SIZE });
    } finally {
      await resumed.stop();
    }
  }, 120_000);
});
