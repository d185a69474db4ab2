import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lottery, type Caller } from '@voucher/contracts';
import { testClient, type TestClient } from '@voucher/testing';
import { whyNotClaimable } from '../src/domain/grab-claim.ts';
import { grabClaims, readFirstComeTerms, type GrabClaim } from '../src/store/grab-claims.ts';
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

/** What a campaign's grab wrote: reservations, slots, wins, annual counts and the wins its events carry. */
async function written(campaignId: string) {
  return (
    await sql<{
      reservations: number;
      slots: number;
      wins: number;
      counted: number;
      events: number;
      announced: string[];
    }>`
      SELECT (SELECT count(*)::int FROM reservations WHERE campaign_id = ${campaignId}) AS reservations,
             (SELECT count(*)::int FROM grab_slots WHERE campaign_id = ${campaignId} AND reservation_id IS NOT NULL) AS slots,
             (SELECT count(*)::int FROM wins WHERE campaign_id = ${campaignId}) AS wins,
             (SELECT coalesce(sum(a.wins), 0)::int FROM annual_wins a
               WHERE (a.enterprise_id, a.category_code) IN (SELECT enterprise_id, category_code FROM reservations
                                                           WHERE campaign_id = ${campaignId})) AS counted,
             (SELECT count(*)::int FROM outbox WHERE subject = 'evt.lottery.wins.recorded'
               AND envelope->'data'->>'campaignId' = ${campaignId}) AS events,
             (SELECT coalesce(array_agg(w->>'enterpriseId' ORDER BY w->>'enterpriseId'), '{}') FROM outbox o,
                     jsonb_array_elements(o.envelope->'data'->'wins') w
               WHERE o.subject = 'evt.lottery.wins.recorded' AND o.envelope->'data'->>'campaignId' = ${campaignId}) AS announced`.execute(
      h.service.db,
    )
  ).rows[0]!;
}

/** A claim as the handler hands it to the store once Redis admitted it, with the campaign's terms. */
async function claimOf(campaignId: string, code: string, enterprise: Caller): Promise<GrabClaim> {
  const terms = (await readFirstComeTerms(h.service.db, campaignId, code))!;
  return {
    campaignId,
    category: code,
    enterpriseId: enterprise.userId,
    year: terms.year,
    annualLimit: terms.annual_limit,
    requestId: uuidv7(),
  };
}

const outcome = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled' ? 'won' : (r.reason as { code: string }).code;

describe('LOT-9 claims recorded in groups (issue 20)', () => {
  it('hands out exactly the stock when many more enterprises race for it, and refuses every other SOLD_OUT', async () => {
    const campaignId = await firstCome({ AUDIT: 60 });
    const people = await crowd(400);
    const results = await Promise.allSettled(
      people.map((p) => patient.call(lottery.claim, { campaignId, category: 'AUDIT' }, p)),
    );
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(60);
    expect(outcomes.filter((o) => o === 'SOLD_OUT')).toHaveLength(340);
    const winners = people.filter((_, i) => outcomes[i] === 'won').map((p) => p.userId);
    const w = await written(campaignId);
    expect(w).toMatchObject({ reservations: 60, slots: 60, wins: 60, counted: 60 });
    // every win announced once, in events that each carry a group's wins
    expect(w.announced).toEqual([...winners].sort());
    expect(w.events).toBeGreaterThanOrEqual(1);
    expect(w.events).toBeLessThanOrEqual(60);
    expect(await h.service.redis.get(`grab:stock:${campaignId}:AUDIT`)).toBe('0');
    expect(await h.service.redis.scard(`grab:claimed:${campaignId}:AUDIT`)).toBe(60);
  }, 120_000);

  it('takes one claim of an enterprise claiming twice at once, through Redis and through PostgreSQL alone', async () => {
    const campaignId = await firstCome({ CERT: 5 });
    const [e, f] = await crowd(2);
    const twice = await Promise.allSettled([
      h.call(lottery.claim, { campaignId, category: 'CERT' }, e!),
      h.call(lottery.claim, { campaignId, category: 'CERT' }, e!),
    ]);
    expect(twice.map(outcome).sort()).toEqual(['ALREADY_RESERVED', 'won']);
    // two replicas' writes at once, with no Redis admission before them: the unique reservation decides
    const claim = await claimOf(campaignId, 'CERT', f!);
    const replicas = [grabClaims(h.service.db), grabClaims(h.service.db)];
    const both = await Promise.allSettled(replicas.map((r) => r.recordClaim({ ...claim, requestId: uuidv7() })));
    expect(both.map(outcome).sort()).toEqual(['ALREADY_RESERVED', 'won']);
    expect(await written(campaignId)).toMatchObject({ reservations: 2, slots: 2, wins: 2, counted: 2, events: 2 });
  });

  it('refuses an enterprise at its annual limit, writes nothing and gives the admission back', async () => {
    const first = await firstCome({ AUDIT: 3 });
    const second = await firstCome({ AUDIT: 3 });
    const [e] = await crowd(1);
    await h.call(lottery.claim, { campaignId: first, category: 'AUDIT' }, e!);
    expect((await h.refusal(lottery.claim, { campaignId: second, category: 'AUDIT' }, e!)).code).toBe(
      'ANNUAL_LIMIT_REACHED',
    );
    expect(await written(second)).toEqual({
      reservations: 0,
      slots: 0,
      wins: 0,
      counted: 0,
      events: 0,
      announced: [],
    });
    expect(await h.service.redis.get(`grab:stock:${second}:AUDIT`)).toBe('3');
    expect(await h.service.redis.sismember(`grab:claimed:${second}:AUDIT`, e!.userId)).toBe(0);
    const [u] = await crowd(1);
    await sql`UPDATE qualifications SET approved = false WHERE enterprise_id = ${u!.userId}`.execute(h.service.db);
    expect((await h.refusal(lottery.claim, { campaignId: second, category: 'AUDIT' }, u!)).code).toBe('NOT_QUALIFIED');
    expect(await h.service.redis.get(`grab:stock:${second}:AUDIT`)).toBe('3');
  });

  it('keeps the limit when two replicas record one enterprise in two campaigns of a category at once', async () => {
    const first = await firstCome({ CERT: 3 });
    const second = await firstCome({ CERT: 3 });
    const [e] = await crowd(1);
    const [a, b] = [grabClaims(h.service.db), grabClaims(h.service.db)];
    const results = await Promise.allSettled([
      a.recordClaim(await claimOf(first, 'CERT', e!)),
      b.recordClaim(await claimOf(second, 'CERT', e!)),
    ]);
    expect(results.map(outcome).sort()).toEqual(['ANNUAL_LIMIT_REACHED', 'won']);
    const wins = (
      await sql<{
        wins: number;
      }>`SELECT wins FROM annual_wins WHERE enterprise_id = ${e!.userId} AND category_code = 'CERT'`.execute(
        h.service.db,
      )
    ).rows;
    expect(wins).toEqual([{ wins: 1 }]);
    const [w1, w2] = [await written(first), await written(second)];
    expect(w1.reservations + w2.reservations).toBe(1);
    expect(w1.slots + w2.slots).toBe(1);
  });

  it('records the rest of a group when some of its claims are refused, in one transaction and one event', async () => {
    const campaignId = await firstCome({ AUDIT: 3 });
    const [a, atLimit, c, d, late] = await crowd(5);
    const [unqualified] = await crowd(1);
    await sql`UPDATE qualifications SET approved = false WHERE enterprise_id = ${unqualified!.userId}`.execute(
      h.service.db,
    );
    const terms = (await readFirstComeTerms(h.service.db, campaignId, 'AUDIT'))!;
    await sql`INSERT INTO annual_wins (enterprise_id, category_code, year, wins, win_limit)
              VALUES (${atLimit!.userId}, 'AUDIT', ${terms.year}, 1, 1)`.execute(h.service.db);
    const claims = await Promise.all(
      [a, atLimit, c, d, late, unqualified].map((p) => claimOf(campaignId, 'AUDIT', p!)),
    );
    // terms read before the limit was lowered: only the write, under the category lock, sees the limit reached
    claims[1]!.annualLimit = 2;
    const store = grabClaims(h.service.db);
    // submitted in one go: one group
    const results = await Promise.allSettled(claims.map((claim) => store.recordClaim(claim)));
    expect(results.map(outcome)).toEqual(['won', 'ANNUAL_LIMIT_REACHED', 'won', 'won', 'SOLD_OUT', 'NOT_QUALIFIED']);
    const w = await written(campaignId);
    // the claim that found no slot has no reservation left behind
    expect(w).toMatchObject({ reservations: 3, slots: 3, wins: 3, counted: 3, events: 1 });
    expect(w.announced).toEqual([a!.userId, c!.userId, d!.userId].sort());
  });

  it('gives back the admission of every claim of a group whose transaction fails, and writes none of it', async () => {
    const campaignId = await firstCome({ CERT: 10 });
    const people = await crowd(6);
    // PostgreSQL refuses every grab's win for a moment: each claim fails, in its group and then alone
    await sql`ALTER TABLE wins ADD CONSTRAINT grab_test_refuses CHECK (source <> 'grab') NOT VALID`.execute(
      h.service.db,
    );
    try {
      const results = await Promise.allSettled(
        people.map((p) => h.call(lottery.claim, { campaignId, category: 'CERT' }, p)),
      );
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
    } finally {
      await sql`ALTER TABLE wins DROP CONSTRAINT grab_test_refuses`.execute(h.service.db);
    }
    expect(await written(campaignId)).toMatchObject({ reservations: 0, slots: 0, wins: 0, events: 0 });
    expect(await h.service.redis.get(`grab:stock:${campaignId}:CERT`)).toBe('10');
    expect(await h.service.redis.scard(`grab:claimed:${campaignId}:CERT`)).toBe(0);
    // and the stock is whole for the claims after
    await h.call(lottery.claim, { campaignId, category: 'CERT' }, people[0]!);
    expect(await written(campaignId)).toMatchObject({ reservations: 1, slots: 1, wins: 1, events: 1 });
  });

  it('decides a claim on its standing: an earlier claim, then LOT-3 and LOT-4', () => {
    const standing = { qualified: true, complete: true, wins: new Map([['AUDIT', 1]]), reserved: new Set<string>() };
    expect(whyNotClaimable(standing, 'CERT', 1)).toBeNull();
    expect(whyNotClaimable(standing, 'AUDIT', 1)).toBe('ANNUAL_LIMIT_REACHED');
    expect(whyNotClaimable(standing, 'AUDIT', 2)).toBeNull();
    expect(whyNotClaimable({ ...standing, reserved: new Set(['AUDIT']) }, 'AUDIT', 1)).toBe('ALREADY_RESERVED');
    expect(whyNotClaimable({ ...standing, qualified: false }, 'CERT', 1)).toBe('NOT_QUALIFIED');
    expect(whyNotClaimable({ ...standing, complete: false }, 'CERT', 1)).toBe('DATA_INCOMPLETE');
  });
});
