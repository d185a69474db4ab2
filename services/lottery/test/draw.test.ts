import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { lottery, lotteryEvents, publicationSchema, type Caller, type DataOf } from '@voucher/contracts';
import { verifyPublication } from '@voucher/draw';
import { createStorage } from '@voucher/storage';
import { approver, lotteryHarness, scheduler, type LotteryHarness } from './harness.ts';

let h: LotteryHarness;
beforeAll(async () => {
  h = await lotteryHarness('lotdraw', { LOTTERY_WINS_PER_EVENT: '2' });
  for (const code of ['AUDIT', 'CERT', 'DIAG']) await h.category(code, 1);
});
afterAll(() => h.close());

async function enterprises(n: number): Promise<Caller[]> {
  const out: Caller[] = [];
  for (let i = 0; i < n; i++) out.push(await h.qualifiedEnterprise({ name: `南京第${i}号科技有限公司` }));
  return out;
}

async function publication(batchId: string) {
  const ref = await h.call(lottery.publicationRef, { id: batchId });
  const storage = createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: h.env.STORAGE_DIR });
  const chunks: Buffer[] = [];
  for await (const c of (await storage.get(ref.storageKey))!) chunks.push(c as Buffer);
  return publicationSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
}

describe('LOT-5/6/7 a batch drawn and published', () => {
  it('picks up to the quota, hides results until publication, and publishes a draw the verifier accepts', async () => {
    const es = await enterprises(7);
    const c = await h.campaign({ categories: ['AUDIT', 'CERT'], quotas: [{ AUDIT: 3, CERT: 2 }, { AUDIT: 2 }] });
    for (const e of es) await h.call(lottery.reserve, { campaignId: c.id, categories: ['AUDIT', 'CERT'] }, e);
    await h.call(
      lottery.setBeacon,
      { id: c.batches[0]!, value: '福彩3D 2026328期 581', source: '中国福利彩票' },
      approver,
    );
    await c.close();

    const drawn = await h.call(lottery.drawBatch, { id: c.batches[0]! }, approver);
    expect(drawn).toEqual({ id: c.batches[0], state: 'drawn', winners: 5 });
    // LOT-7: before publication nobody sees a result, not even a win
    const hidden = await h.call(lottery.myReservations, {}, es[0]!);
    expect(hidden.items.every((r) => r.state === 'pending' && r.results.every((x) => x.result === 'pending'))).toBe(
      true,
    );
    expect((await h.refusal(lottery.publicationRef, { id: c.batches[0]! })).code).toBe('NOT_PUBLISHED');

    await h.call(lottery.publishBatch, { id: c.batches[0]! }, approver);
    const doc = await publication(c.batches[0]!);
    expect(verifyPublication(doc)).toEqual({ valid: true, mismatches: [] });
    expect(doc.beacon).toBe('福彩3D 2026328期 581');
    expect(doc.categories.map((x) => [x.code, x.eligible.length, x.winners.length])).toEqual([
      ['AUDIT', 7, 3],
      ['CERT', 7, 2],
    ]);
    expect(doc.categories[0]!.winners[0]!.company).toMatch(/^南京\*\*有限公司$/);

    const results = (await Promise.all(es.map((e) => h.call(lottery.myReservations, {}, e)))).flatMap((r) => r.items);
    const won = results.filter((r) => r.state === 'won');
    expect(won).toHaveLength(5);
    expect(won.every((r) => r.results[0]!.result === 'won')).toBe(true);
    expect(results.filter((r) => r.state === 'pending').every((r) => r.results[0]!.result === 'lost')).toBe(true);

    // losers of AUDIT go into batch 2; after the last batch the rest are not drawn
    const second = await h.call(lottery.drawBatch, { id: c.batches[1]! }, approver);
    expect(second.winners).toBe(2);
    // LOT-7: losing the last batch is a result too, shown from its publication, not from its draw
    const beforeLast = (await Promise.all(es.map((e) => h.call(lottery.myReservations, {}, e)))).flatMap(
      (r) => r.items,
    );
    expect(beforeLast.filter((r) => r.state === 'not_drawn')).toEqual([]);
    await h.call(lottery.publishBatch, { id: c.batches[1]! }, approver);
    const doc2 = await publication(c.batches[1]!);
    expect(doc2.categories[0]!.eligible).toHaveLength(4);
    expect(verifyPublication(doc2).valid).toBe(true);
    const states = (
      await sql<{
        state: string;
        n: number;
      }>`SELECT state, count(*)::int AS n FROM reservations WHERE campaign_id = ${c.id}
        GROUP BY state ORDER BY state`.execute(h.service.db)
    ).rows;
    expect(states).toEqual([
      { state: 'not_drawn', n: 7 },
      { state: 'won', n: 7 },
    ]);
    expect((await h.call(lottery.getCampaign, { id: c.id })).state).toBe('finished');
  });

  it('announces the wins in chunks of the configured size', async () => {
    const before = await h.eventCount(lotteryEvents.winsRecorded);
    const es = await enterprises(5);
    const c = await h.campaign({ categories: ['DIAG'], quotas: [{ DIAG: 5 }] });
    for (const e of es) await h.call(lottery.reserve, { campaignId: c.id, categories: ['DIAG'] }, e);
    await c.close();
    await h.call(lottery.drawBatch, { id: c.batches[0]! }, approver);
    expect(await h.eventCount(lotteryEvents.winsRecorded)).toBe(before + 3);
  });
});

describe('LOT-7 each enterprise learns its result at publication (issue 18)', () => {
  async function resultEvents(campaignId: string) {
    const rows = (
      await sql<{ data: DataOf<typeof lotteryEvents.resultsPublished> }>`
        SELECT envelope->'data' AS data FROM outbox WHERE subject = ${lotteryEvents.resultsPublished.type}
        AND envelope->'data'->>'campaignId' = ${campaignId} ORDER BY id`.execute(h.service.db)
    ).rows;
    return rows.map((r) => lotteryEvents.resultsPublished.data.parse(r.data));
  }
  const outcomesOf = (events: DataOf<typeof lotteryEvents.resultsPublished>[]) =>
    new Map(events.flatMap((e) => e.enterpriseIds.map((id) => [id, `${e.category}:${e.outcome}`] as const)));

  it('names winners and those not won at each publication, nothing at the draw, and not drawn after the last', async () => {
    const es = await enterprises(5);
    const c = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 2 }, { AUDIT: 1 }] });
    for (const e of es) await h.call(lottery.reserve, { campaignId: c.id, categories: ['AUDIT'] }, e);
    await c.close();

    await h.call(lottery.drawBatch, { id: c.batches[0]! }, approver);
    expect(await resultEvents(c.id)).toEqual([]);
    await h.call(lottery.publishBatch, { id: c.batches[0]! }, approver);
    const first = await resultEvents(c.id);
    expect(first.every((e) => e.batchId === c.batches[0] && e.batchSeq === 1 && e.categoryName === 'AUDIT专用券')).toBe(
      true,
    );
    const firstOutcomes = outcomesOf(first);
    expect([...firstOutcomes.values()].sort()).toEqual([
      'AUDIT:not_won',
      'AUDIT:not_won',
      'AUDIT:not_won',
      'AUDIT:won',
      'AUDIT:won',
    ]);
    const winners = (
      await sql<{ enterprise_id: string }>`SELECT enterprise_id FROM reservations
        WHERE campaign_id = ${c.id} AND state = 'won'`.execute(h.service.db)
    ).rows.map((r) => r.enterprise_id);
    expect(winners.map((id) => firstOutcomes.get(id))).toEqual(['AUDIT:won', 'AUDIT:won']);

    await h.call(lottery.drawBatch, { id: c.batches[1]! }, approver);
    await h.call(lottery.publishBatch, { id: c.batches[1]! }, approver);
    const second = (await resultEvents(c.id)).filter((e) => e.batchId === c.batches[1]);
    // the last batch: one more winner, and the two left are told they were not drawn
    expect([...outcomesOf(second).values()].sort()).toEqual(['AUDIT:not_drawn', 'AUDIT:not_drawn', 'AUDIT:won']);
    expect(second.flatMap((e) => e.enterpriseIds).some((id) => winners.includes(id))).toBe(false);
  });
});

describe('LOT-5 exactly once, LOT-4 never above the limit', () => {
  it('refuses a second draw and a draw while reservations are open or before the earlier batch', async () => {
    const e = await h.qualifiedEnterprise();
    const c = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 1 }, { AUDIT: 1 }] });
    await h.call(lottery.reserve, { campaignId: c.id, categories: ['AUDIT'] }, e);
    expect(await h.refusal(lottery.drawBatch, { id: c.batches[0]! }, approver)).toMatchObject({
      code: 'INVALID_STATE',
      details: { state: 'open' },
    });
    await c.close();
    expect((await h.refusal(lottery.drawBatch, { id: c.batches[1]! }, approver)).code).toBe('INVALID_STATE');
    await h.call(lottery.drawBatch, { id: c.batches[0]! }, approver);
    expect(await h.refusal(lottery.drawBatch, { id: c.batches[0]! }, approver)).toMatchObject({
      code: 'INVALID_STATE',
      details: { state: 'drawn' },
    });
  });

  it('draws a batch once when two triggers arrive together', async () => {
    const es = await enterprises(4);
    const c = await h.campaign({ categories: ['CERT'], quotas: [{ CERT: 2 }] });
    for (const e of es) await h.call(lottery.reserve, { campaignId: c.id, categories: ['CERT'] }, e);
    await c.close();
    const [one, two, due] = await Promise.allSettled([
      h.call(lottery.drawBatch, { id: c.batches[0]! }, approver),
      h.call(lottery.drawBatch, { id: c.batches[0]! }, approver),
      h.call(lottery.drawDue, {}, scheduler),
    ]);
    const draws =
      [one, two].filter((r) => r.status === 'fulfilled').length +
      (due.status === 'fulfilled' && due.value.done.includes(c.batches[0]!) ? 1 : 0);
    expect(draws).toBe(1);
    for (const r of [one, two]) if (r.status === 'rejected') expect(r.reason.code).toBe('INVALID_STATE');
    const wins = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM wins WHERE batch_id = ${c.batches[0]!}`.execute(
        h.service.db,
      )
    ).rows[0]!.n;
    expect(wins).toBe(2);
  });

  it('never lets two campaigns drawing one category at once give an enterprise more than its limit', async () => {
    const es = await enterprises(6);
    const a = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 6 }] });
    const b = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 6 }] });
    const fresh = es.slice(0, 6);
    for (const e of fresh) {
      await h.call(lottery.reserve, { campaignId: a.id, categories: ['AUDIT'] }, e);
      await h.call(lottery.reserve, { campaignId: b.id, categories: ['AUDIT'] }, e);
    }
    await a.close();
    await b.close();
    const [ra, rb] = await Promise.all([
      h.call(lottery.drawBatch, { id: a.batches[0]! }, approver),
      h.call(lottery.drawBatch, { id: b.batches[0]! }, approver),
    ]);
    expect(ra.winners + rb.winners).toBe(6);
    const perEnterprise = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM wins WHERE category_code = 'AUDIT'
        AND enterprise_id = ANY(${fresh.map((e) => e.userId)}::uuid[]) GROUP BY enterprise_id`.execute(h.service.db)
    ).rows;
    expect(perEnterprise.every((r) => r.n === 1)).toBe(true);
  });

  it('the database refuses a count above the limit even if code tried', async () => {
    const err = await sql`INSERT INTO annual_wins (enterprise_id, category_code, year, wins, win_limit)
      VALUES ('0193b0a0-0000-7000-8000-000000000999', 'AUDIT', 2026, 2, 1)`
      .execute(h.service.db)
      .catch((e) => e);
    expect(err.constraint).toBe('annual_limit_never_exceeded');
  });

  it('draws and publishes due batches for the scheduler, idempotently', async () => {
    const e = await h.qualifiedEnterprise();
    const c = await h.campaign({ categories: ['CERT'], quotas: [{ CERT: 1 }] });
    await h.call(lottery.reserve, { campaignId: c.id, categories: ['CERT'] }, e);
    await c.close();
    expect((await h.call(lottery.drawDue, {}, scheduler)).done).toContain(c.batches[0]);
    expect((await h.call(lottery.drawDue, {}, scheduler)).done).not.toContain(c.batches[0]);
    expect((await h.call(lottery.publishDue, {}, scheduler)).done).toContain(c.batches[0]);
    expect((await h.call(lottery.publishDue, {}, scheduler)).done).toEqual([]);
    expect((await h.refusal(lottery.drawDue, {}, e)).code).toBe('FORBIDDEN');
  });
});

describe('LOT-10 the batch report', () => {
  it('counts reservations, eligible and winners per category, and exports every entry as CSV', async () => {
    const es = await enterprises(3);
    const c = await h.campaign({ categories: ['CERT'], quotas: [{ CERT: 2 }] });
    for (const e of es) await h.call(lottery.reserve, { campaignId: c.id, categories: ['CERT'] }, e);
    await c.close();
    await h.call(lottery.drawBatch, { id: c.batches[0]! }, approver);
    const report = await h.call(lottery.report, { id: c.batches[0]! }, approver);
    expect(report.categories).toEqual([
      { category: 'CERT', quota: 2, reservations: 3, eligible: 3, winners: 2, fill: 1 },
    ]);
    const ref = await h.call(lottery.reportExport, { id: c.batches[0]! }, approver);
    const chunks: Buffer[] = [];
    const storage = createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: h.env.STORAGE_DIR });
    for await (const chunk of (await storage.get(ref.storageKey))!) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    // a UTF-8 byte-order mark first, so spreadsheets read the Chinese names right
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('category,reservation_id,enterprise_id,company_name,result');
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual(['won', 'won', 'lost']);
    expect(lines[1]).toContain('南京第');
    expect((await h.refusal(lottery.report, { id: c.batches[0]! }, es[0]!)).code).toBe('FORBIDDEN');
  });

  it('exports a company name a spreadsheet would run as a formula as text (issue 16)', async () => {
    const name = '=HYPERLINK("http://evil.example","南京某某")';
    const e = await h.qualifiedEnterprise({ name });
    const c = await h.campaign({ categories: ['CERT'], quotas: [{ CERT: 1 }] });
    await h.call(lottery.reserve, { campaignId: c.id, categories: ['CERT'] }, e);
    await c.close();
    await h.call(lottery.drawBatch, { id: c.batches[0]! }, approver);
    const ref = await h.call(lottery.reportExport, { id: c.batches[0]! }, approver);
    const chunks: Buffer[] = [];
    const storage = createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: h.env.STORAGE_DIR });
    for await (const chunk of (await storage.get(ref.storageKey))!) chunks.push(chunk as Buffer);
    const line = Buffer.concat(chunks).toString('utf8').split('\n')[1]!;
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""南京某某"")",won`);
  });
});
