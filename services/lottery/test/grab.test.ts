import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lottery, type Caller } from '@voucher/contracts';
import { testClient, type TestClient } from '@voucher/testing';
import { approver, lotteryHarness, type LotteryHarness } from './harness.ts';

let h: LotteryHarness;
let patient: TestClient;
beforeAll(async () => {
  h = await lotteryHarness('lotgrab');
  patient = await testClient(h.iso, { requestTimeoutMs: 60_000 });
  await h.category('AUDIT', 1);
  await h.category('CERT', 1);
});
afterAll(async () => {
  await patient.close();
  await h.close();
});

async function firstCome(stock: Record<string, number>, { open = true } = {}) {
  const hour = 3600_000;
  const view = await h.call(
    lottery.createCampaign,
    {
      name: '抢券',
      mode: 'first_come',
      opensAt: new Date(Date.now() + (open ? -hour : hour)).toISOString(),
      closesAt: new Date(Date.now() + 2 * hour).toISOString(),
      categories: Object.keys(stock),
      stock,
    },
    approver,
  );
  return view.id;
}

/** Many qualified enterprises at once: the projection rows qualification's events would have written. */
async function crowd(n: number): Promise<Caller[]> {
  const ids = Array.from({ length: n }, () => uuidv7());
  await sql`INSERT INTO qualifications (enterprise_id, year, approved, complete)
            SELECT unnest(${ids}::uuid[]), ${new Date().getFullYear()}, true, true`.execute(h.service.db);
  return ids.map((userId) => ({ userId, role: 'enterprise' as const }));
}

/** slots taken: what PostgreSQL has handed out */
const claimed = async (campaignId: string, code: string) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM grab_slots
      WHERE campaign_id = ${campaignId} AND category_code = ${code} AND reservation_id IS NOT NULL`.execute(
      h.service.db,
    )
  ).rows[0]!.n;

describe('LOT-9 first-come grab', () => {
  it('never oversells: 2,000 concurrent claims for a stock of 100', async () => {
    const campaignId = await firstCome({ AUDIT: 100 });
    const people = await crowd(2000);
    const results = await Promise.allSettled(
      people.map((p) => patient.call(lottery.claim, { campaignId, category: 'AUDIT' }, p)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const refusals = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason.code);
    expect(won).toHaveLength(100);
    expect(new Set(refusals)).toEqual(new Set(['SOLD_OUT']));
    expect(await claimed(campaignId, 'AUDIT')).toBe(100);
    const wins = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM wins WHERE campaign_id = ${campaignId}`.execute(
        h.service.db,
      )
    ).rows[0]!.n;
    expect(wins).toBe(100);
    expect(await h.call(lottery.stock, { id: campaignId })).toEqual({
      items: [{ category: 'AUDIT', total: 100, remaining: 0 }],
    });
  }, 120_000);

  it('takes one claim per enterprise per category, and none beyond the annual limit', async () => {
    const first = await firstCome({ CERT: 10 });
    const second = await firstCome({ CERT: 10 });
    const [e] = await crowd(1);
    await h.call(lottery.claim, { campaignId: first, category: 'CERT' }, e!);
    expect((await h.refusal(lottery.claim, { campaignId: first, category: 'CERT' }, e!)).code).toBe('ALREADY_RESERVED');
    expect((await h.refusal(lottery.claim, { campaignId: second, category: 'CERT' }, e!)).code).toBe(
      'ANNUAL_LIMIT_REACHED',
    );
    expect(await claimed(first, 'CERT')).toBe(1);
    expect(await claimed(second, 'CERT')).toBe(0);
  });

  it('rebuilds the stock from PostgreSQL after Redis lost it', async () => {
    const campaignId = await firstCome({ AUDIT: 3 });
    const people = await crowd(5);
    await h.call(lottery.claim, { campaignId, category: 'AUDIT' }, people[0]!);
    await h.call(lottery.claim, { campaignId, category: 'AUDIT' }, people[1]!);
    await h.service.redis.del(`grab:stock:${campaignId}:AUDIT`, `grab:claimed:${campaignId}:AUDIT`);
    expect((await h.refusal(lottery.claim, { campaignId, category: 'AUDIT' }, people[0]!)).code).toBe(
      'ALREADY_RESERVED',
    );
    await h.call(lottery.claim, { campaignId, category: 'AUDIT' }, people[2]!);
    expect((await h.refusal(lottery.claim, { campaignId, category: 'AUDIT' }, people[3]!)).code).toBe('SOLD_OUT');
    expect(await claimed(campaignId, 'AUDIT')).toBe(3);
  });

  it('gives the Redis admission back when PostgreSQL refuses the claim', async () => {
    const campaignId = await firstCome({ CERT: 1 });
    const people = await crowd(2);
    await h.call(lottery.claim, { campaignId, category: 'CERT' }, people[0]!);
    // Redis believes there is stock left that PostgreSQL knows is gone
    await h.service.redis.set(`grab:stock:${campaignId}:CERT`, '5');
    expect((await h.refusal(lottery.claim, { campaignId, category: 'CERT' }, people[1]!)).code).toBe('SOLD_OUT');
    expect(await h.service.redis.get(`grab:stock:${campaignId}:CERT`)).toBe('5');
    expect(await h.service.redis.sismember(`grab:claimed:${campaignId}:CERT`, people[1]!.userId)).toBe(0);
    expect(await claimed(campaignId, 'CERT')).toBe(1);
  });

  it('refuses claims before the window opens and on a lottery campaign', async () => {
    const [e] = await crowd(1);
    const later = await firstCome({ AUDIT: 5 }, { open: false });
    expect((await h.refusal(lottery.claim, { campaignId: later, category: 'AUDIT' }, e!)).code).toBe('WINDOW_CLOSED');
    const draw = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 1 }] });
    expect((await h.refusal(lottery.claim, { campaignId: draw.id, category: 'AUDIT' }, e!)).code).toBe('INVALID_STATE');
    expect((await h.refusal(lottery.claim, { campaignId: later, category: 'CERT' }, e!)).code).toBe('NOT_FOUND');
  });
});
