import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { lottery, lotteryEvents } from '@voucher/contracts';
import { reservationIntake } from '../src/store/reservation-intake.ts';
import { approver, lotteryHarness, type LotteryHarness } from './harness.ts';

let h: LotteryHarness;
beforeAll(async () => {
  h = await lotteryHarness('lotres');
  await h.category('AUDIT', 1);
  await h.category('CERT', 2);
});
afterAll(() => h.close());

const count = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reservations WHERE state = 'pending'`.execute(h.service.db))
    .rows[0]!.n;

describe('LOT-1 categories', () => {
  it('are created by an approver and announced for the wallet and the catalog', async () => {
    expect(await h.eventCount(lotteryEvents.categoryCreated)).toBe(2);
    const { items } = await h.call(lottery.listCategories, {});
    expect(items.map((c) => c.code)).toEqual(['AUDIT', 'CERT']);
  });

  it('refuse a duplicate code, a float face value, and other roles', async () => {
    expect(
      (
        await h.refusal(
          lottery.createCategory,
          { code: 'AUDIT', name: 'x', faceValue: 1, validityDays: 1, redemptionMode: 'balance', annualLimit: 1 },
          approver,
        )
      ).code,
    ).toBe('DUPLICATE');
    expect(
      (
        await h.refusal(
          lottery.createCategory,
          { code: 'NEW', name: 'x', faceValue: 1.5, validityDays: 1, redemptionMode: 'balance', annualLimit: 1 },
          approver,
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await h.refusal(
          lottery.createCategory,
          { code: 'NEW', name: 'x', faceValue: 100, validityDays: 1, redemptionMode: 'balance', annualLimit: 1 },
          { userId: approver.userId, role: 'operator' },
        )
      ).code,
    ).toBe('FORBIDDEN');
  });
});

describe('LOT-2 campaigns', () => {
  const hour = 3600_000;
  const at = (h: number) => new Date(Date.now() + h * hour).toISOString();
  const base = { name: 'x', mode: 'lottery' as const, opensAt: at(1), closesAt: at(2), categories: ['AUDIT'] };

  it('refuse batches out of order, draws before the window closes, unknown categories, zero quotas', async () => {
    const err = await h.refusal(
      lottery.createCampaign,
      {
        ...base,
        categories: ['AUDIT', 'NOPE'],
        batches: [
          { drawAt: at(5), publishAt: at(6), quotas: { AUDIT: 1 } },
          { drawAt: at(1.5), publishAt: at(1), quotas: { CERT: 1 } },
        ],
      },
      approver,
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.fields.map((f: { path: string }) => f.path)).toEqual([
      'categories.1',
      'batches.1.drawAt',
      'batches.1.drawAt',
      'batches.1.publishAt',
      'batches.1.quotas.CERT',
    ]);
    expect(
      (
        await h.refusal(
          lottery.createCampaign,
          { ...base, batches: [{ drawAt: at(3), publishAt: at(4), quotas: { AUDIT: 0 } }] },
          approver,
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('publish a commitment per batch and keep the seed secret', async () => {
    const c = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 1 }, { AUDIT: 1 }] });
    const view = await h.call(lottery.getCampaign, { id: c.id });
    expect(view.batches).toHaveLength(2);
    expect(view.batches[0]!.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(view)).not.toMatch(/seed/);
    expect((await h.call(lottery.commitment, { id: c.batches[0]! })).commitment).toBe(view.batches[0]!.commitment);
  });
});

describe('LOT-3/4 reservations', () => {
  it('let a qualified enterprise reserve, change and cancel while the window is open', async () => {
    const e = await h.qualifiedEnterprise();
    const c = await h.campaign({ categories: ['AUDIT', 'CERT'], quotas: [{ AUDIT: 1, CERT: 1 }] });
    const first = await h.call(lottery.reserve, { campaignId: c.id, categories: ['AUDIT', 'CERT'] }, e);
    expect(first.items.map((r) => [r.category, r.state])).toEqual([
      ['AUDIT', 'pending'],
      ['CERT', 'pending'],
    ]);
    const changed = await h.call(lottery.reserve, { campaignId: c.id, categories: ['CERT'] }, e);
    expect(changed.items.find((r) => r.category === 'AUDIT')!.state).toBe('cancelled');
    const back = await h.call(lottery.reserve, { campaignId: c.id, categories: ['AUDIT', 'CERT'] }, e);
    expect(back.items.every((r) => r.state === 'pending')).toBe(true);
    expect(await h.call(lottery.cancelReservations, { campaignId: c.id }, e)).toEqual({ cancelled: 2 });
  });

  it('tells an enterprise per category whether it may reserve, and why not', async () => {
    const e = await h.qualifiedEnterprise({ complete: false });
    const c = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 1 }] });
    const view = await h.call(lottery.getCampaign, { id: c.id }, e);
    expect(view.reservable).toEqual([
      { category: 'AUDIT', reservable: false, reason: 'DATA_INCOMPLETE', reserved: false },
    ]);
  });

  it.each([
    ['a non-qualified enterprise', 'NOT_QUALIFIED'],
    ['incomplete qualification data', 'DATA_INCOMPLETE'],
  ] as const)('refuse %s and change nothing', async (_case, code) => {
    const e =
      code === 'NOT_QUALIFIED'
        ? { userId: '0193b0a0-0000-7000-8000-000000000123', role: 'enterprise' as const }
        : await h.qualifiedEnterprise({ complete: false });
    const c = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 1 }] });
    const before = await count();
    expect((await h.refusal(lottery.reserve, { campaignId: c.id, categories: ['AUDIT'] }, e)).code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('refuse an unknown category, the same category twice, and a closed window', async () => {
    const e = await h.qualifiedEnterprise();
    const c = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 1 }] });
    const before = await count();
    const unknown = await h.refusal(lottery.reserve, { campaignId: c.id, categories: ['CERT'] }, e);
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'categories.0' }] } });
    expect((await h.refusal(lottery.reserve, { campaignId: c.id, categories: ['AUDIT', 'AUDIT'] }, e)).code).toBe(
      'VALIDATION_FAILED',
    );
    await c.close();
    expect((await h.refusal(lottery.reserve, { campaignId: c.id, categories: ['AUDIT'] }, e)).code).toBe(
      'WINDOW_CLOSED',
    );
    expect(await count()).toBe(before);
  });

  it('refuse a category whose annual limit the enterprise reached (当前服务券已达年度上限)', async () => {
    const e = await h.qualifiedEnterprise();
    const first = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 5 }] });
    await h.call(lottery.reserve, { campaignId: first.id, categories: ['AUDIT'] }, e);
    await first.close();
    await h.call(lottery.drawBatch, { id: first.batches[0]! }, approver);
    const second = await h.campaign({ categories: ['AUDIT', 'CERT'], quotas: [{ AUDIT: 1, CERT: 1 }] });
    const err = await h.refusal(lottery.reserve, { campaignId: second.id, categories: ['AUDIT'] }, e);
    expect(err).toMatchObject({ code: 'ANNUAL_LIMIT_REACHED', details: { category: 'AUDIT' } });
    expect(err.message).toContain('当前服务券已达年度上限');
    const view = await h.call(lottery.getCampaign, { id: second.id }, e);
    expect(view.reservable!.map((r) => [r.category, r.reason])).toEqual([
      ['AUDIT', 'ANNUAL_LIMIT_REACHED'],
      ['CERT', null],
    ]);
  });
});

describe('LOT-3 at intake speed: reservations arriving together are written together', () => {
  it('answers each of many enterprises reserving at once with its own set, and persists every one', async () => {
    const c = await h.campaign({ categories: ['AUDIT', 'CERT'], quotas: [{ AUDIT: 1, CERT: 1 }] });
    const qualified = await Promise.all(Array.from({ length: 40 }, () => h.qualifiedEnterprise()));
    const strangers = Array.from({ length: 8 }, (_, i) => ({
      userId: `0193b0a0-0000-7000-8000-00000000${String(i).padStart(4, '0')}`,
      role: 'enterprise' as const,
    }));
    const sets = [['AUDIT'], ['CERT'], ['AUDIT', 'CERT']];
    const answers = await Promise.allSettled([
      ...qualified.map((e, i) => h.call(lottery.reserve, { campaignId: c.id, categories: sets[i % 3]! }, e)),
      ...strangers.map((e) => h.call(lottery.reserve, { campaignId: c.id, categories: ['AUDIT'] }, e)),
    ]);
    qualified.forEach((_, i) => {
      const answer = answers[i]!;
      expect(answer.status).toBe('fulfilled');
      const items = (answer as PromiseFulfilledResult<{ items: { category: string; state: string }[] }>).value.items;
      expect(items.map((r) => r.category).sort()).toEqual(sets[i % 3]);
      expect(items.every((r) => r.state === 'pending')).toBe(true);
    });
    for (const answer of answers.slice(qualified.length)) {
      expect(answer).toMatchObject({ status: 'rejected', reason: { code: 'NOT_QUALIFIED' } });
    }
    const held = (
      await sql<{ n: number; enterprises: number }>`
        SELECT count(*)::int AS n, count(DISTINCT enterprise_id)::int AS enterprises FROM reservations
        WHERE campaign_id = ${c.id} AND state = 'pending'`.execute(h.service.db)
    ).rows[0]!;
    expect(held).toEqual({ n: qualified.reduce((n, _, i) => n + sets[i % 3]!.length, 0), enterprises: 40 });
  });

  it('leaves one enterprise sending three sets at once holding the one it sent last', async () => {
    const e = await h.qualifiedEnterprise();
    const c = await h.campaign({ categories: ['AUDIT', 'CERT'], quotas: [{ AUDIT: 1, CERT: 1 }] });
    const answers = await Promise.all(
      [['AUDIT', 'CERT'], ['CERT'], ['AUDIT']].map((categories) =>
        h.call(lottery.reserve, { campaignId: c.id, categories }, e),
      ),
    );
    expect(answers.map((a) => a.items.filter((r) => r.state === 'pending').map((r) => r.category))).toEqual([
      ['AUDIT', 'CERT'],
      ['CERT'],
      ['AUDIT'],
    ]);
    const mine = await h.call(lottery.myReservations, {}, e);
    expect(mine.items.map((r) => [r.category, r.state]).sort()).toEqual([
      ['AUDIT', 'pending'],
      ['CERT', 'cancelled'],
    ]);
  });

  it("keeps one request's failure its own: the others of its group are written", async () => {
    const c = await h.campaign({ categories: ['AUDIT'], quotas: [{ AUDIT: 1 }] });
    const es = await Promise.all(Array.from({ length: 4 }, () => h.qualifiedEnterprise()));
    const year = (await h.call(lottery.getCampaign, { id: c.id })).year;
    const intake = reservationIntake(h.service.db);
    // a category the database does not know fails the statement that writes it
    const outcomes = await Promise.allSettled(
      es.map((e, i) =>
        intake.submit({
          campaignId: c.id,
          enterpriseId: e.userId,
          year,
          wanted: [i === 2 ? 'NOPE' : 'AUDIT'],
          limits: { AUDIT: 1, NOPE: 1 },
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const written = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM reservations WHERE campaign_id = ${c.id}`.execute(
        h.service.db,
      )
    ).rows[0]!.n;
    expect(written).toBe(3);
  });
});
