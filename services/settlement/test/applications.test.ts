import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { settlement, settlementEvents, type Caller } from '@voucher/contracts';
import { approver, finance, settlementHarness, type SettlementHarness } from './harness.ts';

let h: SettlementHarness;
let provider: { caller: Caller; accountId: string };
beforeAll(async () => {
  h = await settlementHarness('setapp');
  provider = await h.provider('济南慧通信息技术有限公司');
});
afterAll(() => h.close());

const apply = (lines: string[], who = provider) =>
  h.call(
    settlement.apply,
    { paymentIds: lines, bankAccountId: who.accountId, materials: h.materials(who.caller) },
    who.caller,
  );
const applications = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM applications`.execute(h.service.db)).rows[0]!.n;

describe('SET-1 bank accounts', () => {
  it('refuses a name that is not the provider’s, a number with letters or too short, and another provider’s account', async () => {
    const bad = [
      { bank: '工行', branch: '济南', accountName: '别人的公司', number: '6222020200112233445' },
      { bank: '工行', branch: '济南', accountName: '济南慧通信息技术有限公司', number: '6222-0202-0011' },
      { bank: '工行', branch: '济南', accountName: '济南慧通信息技术有限公司', number: '1234567' },
    ];
    for (const b of bad)
      expect((await h.refusal(settlement.addBankAccount, b, provider.caller)).code).toBe('VALIDATION_FAILED');
    const other = await h.provider('济南另一家服务有限公司');
    expect((await h.refusal(settlement.removeBankAccount, { id: provider.accountId }, other.caller)).code).toBe(
      'NOT_FOUND',
    );
    const lines = await h.completedOrder(provider.caller, [50_000]);
    const refusal = await h.refusal(
      settlement.apply,
      { paymentIds: lines, bankAccountId: other.accountId, materials: h.materials(provider.caller) },
      provider.caller,
    );
    expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'bankAccountId' }] } });
    expect((await h.call(settlement.listBankAccounts, {}, provider.caller)).items).toHaveLength(1);
  });
});

describe('SET-2/3 a redemption application through its review chain', () => {
  it('is submitted, assessed, approved for payment, paid and confirmed, every step audited and announced', async () => {
    const lines = await h.completedOrder(provider.caller, [120_000, 80_000]);
    const app = await apply(lines);
    expect(app).toMatchObject({ state: 'submitted', amount: 200_000, bankAccount: { bank: '中国工商银行' } });
    expect(
      (await h.call(settlement.redeemable, { page: 1, pageSize: 100 }, provider.caller)).items.map((l) => l.id),
    ).not.toEqual(expect.arrayContaining(lines));
    expect((await h.call(settlement.assess, { id: app.id }, approver)).state).toBe('assessed');
    expect((await h.call(settlement.approvePayment, { id: app.id }, finance)).state).toBe('payment_approved');
    const paid = await h.call(
      settlement.pay,
      { id: app.id, reference: 'HX20261125001', paidAt: '2026-11-25' },
      finance,
    );
    expect(paid).toMatchObject({ state: 'paid', transfer: { reference: 'HX20261125001', paidAt: '2026-11-25' } });
    // issue 18 item 2: the provider's message of the payment names the transfer
    const paidEvents = await sql<{ data: Record<string, unknown> }>`SELECT envelope->'data' AS data FROM outbox
      WHERE subject = ${settlementEvents.paid.type} AND envelope->'data'->>'applicationId' = ${app.id}`.execute(
      h.service.db,
    );
    expect(paidEvents.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({ amount: 200_000, transfer: { reference: 'HX20261125001', paidOn: '2026-11-25' } }),
    ]);
    const confirmed = await h.call(settlement.confirm, { id: app.id }, provider.caller);
    expect(confirmed.state).toBe('confirmed');
    expect(confirmed.history.map((e) => [e.action, e.role, e.to])).toEqual([
      ['submit', 'provider', 'submitted'],
      ['assess', 'approver', 'assessed'],
      ['approve_payment', 'finance', 'payment_approved'],
      ['pay', 'finance', 'paid'],
      ['confirm', 'provider', 'confirmed'],
    ]);
    expect(await h.eventCount(settlementEvents.confirmed)).toBe(1);
  });

  it('a rejection gives the lines back to the redeemable list with the reason', async () => {
    const lines = await h.completedOrder(provider.caller, [60_000]);
    const app = await apply(lines);
    await h.call(settlement.assess, { id: app.id }, approver);
    const rejected = await h.call(settlement.reject, { id: app.id, reason: '发票金额不符' }, finance);
    expect(rejected).toMatchObject({ state: 'rejected', rejectionReason: '发票金额不符' });
    const redeemable = (await h.call(settlement.redeemable, { page: 1, pageSize: 100 }, provider.caller)).items;
    expect(redeemable.map((l) => l.id)).toEqual(expect.arrayContaining(lines));
    expect((await apply(lines)).state).toBe('submitted');
  });
});

describe('SET-2/3 bad input changes nothing', () => {
  it('refuses another provider’s line, an unknown line, a line already in an open application, wrong materials', async () => {
    const other = await h.provider('济南第三家服务有限公司');
    const theirs = await h.completedOrder(other.caller, [10_000]);
    const mine = await h.completedOrder(provider.caller, [10_000]);
    const before = await applications();
    expect(
      (
        await h.refusal(
          settlement.apply,
          {
            paymentIds: theirs,
            bankAccountId: provider.accountId,
            materials: h.materials(provider.caller),
          },
          provider.caller,
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await h.refusal(
          settlement.apply,
          {
            paymentIds: [uuidv7()],
            bankAccountId: provider.accountId,
            materials: h.materials(provider.caller),
          },
          provider.caller,
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    const wrongPurpose = {
      ...h.materials(provider.caller),
      invoice: h.uploads.upload(provider.caller.userId, 'contract'),
    };
    expect(
      (
        await h.refusal(
          settlement.apply,
          {
            paymentIds: mine,
            bankAccountId: provider.accountId,
            materials: wrongPurpose,
          },
          provider.caller,
        )
      ).details,
    ).toMatchObject({ fields: [{ path: 'materials.invoice' }] });
    expect(await applications()).toBe(before);
    await apply(mine);
    expect(
      (
        await h.refusal(
          settlement.apply,
          {
            paymentIds: mine,
            bankAccountId: provider.accountId,
            materials: h.materials(provider.caller),
          },
          provider.caller,
        )
      ).code,
    ).toBe('ALREADY_IN_APPLICATION');
    expect(await applications()).toBe(before + 1);
  });

  it('refuses a review by the wrong role or at the wrong step, paying twice, and confirming what is not paid', async () => {
    const app = await apply(await h.completedOrder(provider.caller, [30_000]));
    expect((await h.refusal(settlement.assess, { id: app.id }, finance)).code).toBe('FORBIDDEN');
    expect((await h.refusal(settlement.approvePayment, { id: app.id }, finance)).code).toBe('INVALID_STATE');
    expect((await h.refusal(settlement.confirm, { id: app.id }, provider.caller)).code).toBe('INVALID_STATE');
    await h.call(settlement.assess, { id: app.id }, approver);
    await h.call(settlement.approvePayment, { id: app.id }, finance);
    await h.call(settlement.pay, { id: app.id, reference: 'A1', paidAt: '2026-11-25' }, finance);
    expect((await h.refusal(settlement.pay, { id: app.id, reference: 'A2', paidAt: '2026-11-25' }, finance)).code).toBe(
      'INVALID_STATE',
    );
    const other = await h.provider('济南第四家服务有限公司');
    expect((await h.refusal(settlement.confirm, { id: app.id }, other.caller)).code).toBe('NOT_FOUND');
    expect((await h.call(settlement.getApplication, { id: app.id }, provider.caller)).transfer?.reference).toBe('A1');
  });
});

describe('SET-2/3 races', () => {
  it('two finance users recording the payment of one application at once: exactly one succeeds', async () => {
    const app = await apply(await h.completedOrder(provider.caller, [40_000]));
    await h.call(settlement.assess, { id: app.id }, approver);
    await h.call(settlement.approvePayment, { id: app.id }, finance);
    const other: Caller = { userId: uuidv7(), role: 'finance' };
    const results = await Promise.allSettled([
      h.call(settlement.pay, { id: app.id, reference: 'R1', paidAt: '2026-11-25' }, finance),
      h.call(settlement.pay, { id: app.id, reference: 'R2', paidAt: '2026-11-25' }, other),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('the same payment line put in two applications at once: exactly one succeeds', async () => {
    const lines = await h.completedOrder(provider.caller, [25_000]);
    const results = await Promise.allSettled([apply(lines), apply(lines), apply(lines)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const open = (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM application_lines WHERE line_id = ${lines[0]} AND open`.execute(h.service.db)
    ).rows[0]!.n;
    expect(open).toBe(1);
  });
});

describe('SET-5 general-voucher applications', () => {
  const operator: Caller = { userId: uuidv7(), role: 'operator' };
  const enterpriseName = '南京通用券科技有限公司';
  const general = (orderNo: string, over: Record<string, unknown> = {}) => ({
    enterpriseName,
    orderNo,
    direction: '上云用云' as const,
    amount: 300_000,
    bankAccountId: provider.accountId,
    materials: h.materials(provider.caller),
    ...over,
  });

  it('is filed for a live order of the provider, approved by an operator, then paid like any redemption', async () => {
    const orderNo = await h.placedOrder(provider.caller, enterpriseName);
    const app = await h.call(settlement.applyGeneral, general(orderNo), provider.caller);
    expect(app).toMatchObject({
      kind: 'general',
      state: 'submitted',
      amount: 300_000,
      general: { direction: '上云用云', orderNo },
    });
    const queue = await h.call(settlement.reviewQueue, { state: 'submitted', page: 1, pageSize: 100 }, operator);
    expect(queue.items.map((a) => a.id)).toContain(app.id);
    expect(queue.items.every((a) => a.kind === 'general')).toBe(true);
    expect((await h.refusal(settlement.assess, { id: app.id }, approver)).code).toBe('FORBIDDEN');
    expect((await h.call(settlement.assess, { id: app.id }, operator)).state).toBe('assessed');
    await h.call(settlement.approvePayment, { id: app.id }, finance);
    await h.call(settlement.pay, { id: app.id, reference: 'G1', paidAt: '2026-11-25' }, finance);
    expect((await h.call(settlement.confirm, { id: app.id }, provider.caller)).state).toBe('confirmed');
    const mine = await h.call(settlement.myApplications, { kind: 'general', page: 1, pageSize: 20 }, provider.caller);
    expect(mine.items.map((a) => a.id)).toContain(app.id);
  });

  it('refuses an unknown direction, a malformed order number, a zero amount, and a voucher application reviewed by an operator', async () => {
    const orderNo = await h.placedOrder(provider.caller, enterpriseName);
    const before = await applications();
    for (const bad of [
      general(orderNo, { direction: '区块链' }),
      general(orderNo, { orderNo: '2026' }),
      general(orderNo, { amount: 0 }),
    ]) {
      expect((await h.refusal(settlement.applyGeneral, bad as never, provider.caller)).code).toBe('VALIDATION_FAILED');
    }
    expect(await applications()).toBe(before);
    const voucherApp = await apply(await h.completedOrder(provider.caller, [10_000]));
    expect((await h.refusal(settlement.assess, { id: voucherApp.id }, operator)).code).toBe('FORBIDDEN');
  });

  it('caps the amount at the programme’s general-voucher value, which an administrator sets (DOMAIN §0b)', async () => {
    const admin: Caller = { userId: uuidv7(), role: 'admin' };
    expect((await h.call(settlement.getSettings, {}, admin)).generalVoucherValue).toBe(1_000_000);
    const orderNo = await h.placedOrder(provider.caller, enterpriseName);
    const over = await h.refusal(settlement.applyGeneral, general(orderNo, { amount: 1_000_001 }), provider.caller);
    expect([over.code, over.details]).toEqual([
      'VALIDATION_FAILED',
      { fields: [expect.objectContaining({ path: 'amount' })] },
    ]);
    await h.call(settlement.putSettings, { allowedBanks: [], generalVoucherValue: 200_000 }, admin);
    try {
      expect((await h.refusal(settlement.applyGeneral, general(orderNo), provider.caller)).details).toEqual({
        fields: [{ path: 'amount', message: expect.stringContaining('200000') }],
      });
      expect(
        (await h.call(settlement.applyGeneral, general(orderNo, { amount: 200_000 }), provider.caller)).amount,
      ).toBe(200_000);
    } finally {
      await h.call(settlement.putSettings, { allowedBanks: [], generalVoucherValue: 1_000_000 }, admin);
    }
  });

  it('names a live order of the claiming provider and that order’s enterprise; another provider’s order reads as none', async () => {
    const before = await applications();
    const other = await h.provider('济南另一家通用券服务有限公司');
    const othersOrder = await h.placedOrder(other.caller, enterpriseName);
    const cancelled = await h.placedOrder(provider.caller, enterpriseName, { cancelled: true });
    const mine = await h.placedOrder(provider.caller, enterpriseName);
    const refused = async (body: ReturnType<typeof general>) =>
      (await h.refusal(settlement.applyGeneral, body, provider.caller)).details;
    const noOrder = { fields: [{ path: 'orderNo', message: 'no live order of yours has this number' }] };
    expect(await refused(general('209911251019317670200000'))).toEqual(noOrder);
    expect(await refused(general(othersOrder))).toEqual(noOrder);
    expect(await refused(general(cancelled))).toEqual(noOrder);
    expect(await refused(general(mine, { enterpriseName: '南京别的科技有限公司' }))).toEqual({
      fields: [expect.objectContaining({ path: 'enterpriseName' })],
    });
    expect(await applications()).toBe(before);
  });

  it('claims an order once: two claims racing, one is filed and the other is ALREADY_IN_APPLICATION; a rejected claim may be filed again', async () => {
    const orderNo = await h.placedOrder(provider.caller, enterpriseName);
    const racing = await Promise.allSettled([
      h.call(settlement.applyGeneral, general(orderNo), provider.caller),
      h.call(settlement.applyGeneral, general(orderNo), provider.caller),
    ]);
    const filed = racing.filter((r) => r.status === 'fulfilled');
    expect(filed).toHaveLength(1);
    expect(racing.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'filed')).sort()).toEqual(
      ['ALREADY_IN_APPLICATION', 'filed'],
    );
    const first = (filed[0] as PromiseFulfilledResult<{ id: string }>).value;
    expect((await h.refusal(settlement.applyGeneral, general(orderNo), provider.caller)).code).toBe(
      'ALREADY_IN_APPLICATION',
    );
    expect((await h.call(settlement.reject, { id: first.id, reason: '材料不全' }, operator)).state).toBe('rejected');
    expect((await h.call(settlement.applyGeneral, general(orderNo), provider.caller)).state).toBe('submitted');
  });
});

describe('SET-1 the programme’s banks', () => {
  it('once set by an administrator, refuse an account at another bank', async () => {
    const admin: Caller = { userId: uuidv7(), role: 'admin' };
    await h.call(
      settlement.putSettings,
      { allowedBanks: ['中国工商银行', '中国建设银行'], generalVoucherValue: 1_000_000 },
      admin,
    );
    const someone = await h.provider('济南银行限定服务有限公司');
    const at = (bank: string) => ({
      bank,
      branch: '济南分行',
      accountName: '济南银行限定服务有限公司',
      number: '6222020200998877665',
    });
    expect((await h.refusal(settlement.addBankAccount, at('某某村镇银行'), someone.caller)).details).toMatchObject({
      fields: [{ path: 'bank' }],
    });
    expect(
      (
        await h.call(
          settlement.addBankAccount,
          { ...at('中国建设银行'), number: '6222020200998877666' },
          someone.caller,
        )
      ).bank,
    ).toBe('中国建设银行');
    await h.call(settlement.putSettings, { allowedBanks: [], generalVoucherValue: 1_000_000 }, admin);
    expect((await h.refusal(settlement.getSettings, {}, provider.caller)).code).toBe('FORBIDDEN');
  });
});
