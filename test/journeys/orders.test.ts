import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { orderEvents, orders, systemCaller, wallet, type MessageView } from '@voucher/contracts';
import { otlpReceiver, testClient, type OtlpReceiver } from '@voucher/testing';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  account,
  certCampaign,
  certifiedEnterprise,
  certifiedProvider,
  enterpriseWithVoucher as enterpriseWithVoucherOf,
  eventCount,
  listedProduct,
  PDF,
  PNG,
  staff,
  upload,
  reviewerTeam,
  type ReviewerTeam,
} from './actors.ts';

let p: JourneyPlatform;
let traces: OtlpReceiver;
let reviewers: ReviewerTeam;
let provider: { id: string; token: string };
let productId: string;
let campaignId: string;
const PIN = '246810';

beforeAll(async () => {
  // the saga's sweep looks often and settles an unanswered wallet step after 1.5 s (production: 20 s)
  traces = await otlpReceiver();
  p = await journeyPlatform('jord', {
    ORDERS_SWEEP_MS: '300',
    ORDERS_PAYMENT_SETTLE_AFTER_MS: '1500',
    // issue 19: every process sends its spans here; orders asks the catalog for a product's terms every time
    OTEL_EXPORTER_OTLP_ENDPOINT: traces.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    ORDERS_TERMS_KEEP_MS: '0',
  });
  reviewers = await reviewerTeam(p);
  campaignId = await certCampaign(p, reviewers.approver);
  provider = await certifiedProvider(p, reviewers, '济南订单认证服务有限公司');
  productId = await listedProduct(p, provider.token, reviewers, 'ISO14001环境管理体系认证');
});
afterAll(async () => {
  await p?.close();
  await traces?.stop();
});

/** DOMAIN §11 steps 1-4: a qualified enterprise that grabbed one CERT voucher and set its PIN. */
const enterpriseWithVoucher = (name: string) => enterpriseWithVoucherOf(p, reviewers.officer, campaignId, name, PIN);

const order = (voucherId: string | undefined, amount = 120000, extra: Record<string, unknown> = {}) => ({
  productId,
  specName: '标准版',
  quantity: 1,
  message: '请尽快联系',
  agreementAccepted: true,
  vouchers: voucherId ? [{ voucherId, amount }] : [],
  ...(voucherId ? { pin: PIN } : {}),
  ...extra,
});

const ledger = async (token: string) =>
  (await p.api('GET', '/wallet/ledger', undefined, token)).body.items as {
    kind: string;
    amount: number;
    orderId: string;
    note: string;
  }[];

describe('journey: a voucher granted by hand (API.md /admin/wallet/grants, LOT-4, WAL-3)', () => {
  it('reaches the enterprise with its + entry and reason, once per Idempotency-Key, and racing orders never overspend it', async () => {
    const e = await certifiedEnterprise(p, reviewers.officer, '南京人工发放科技有限公司');
    const body = { enterpriseId: e.id, category: 'CERT', reason: '补发：预约系统故障' };
    const key = { 'idempotency-key': randomUUID() };
    // refused first: no key, not an administrator, no such enterprise, no reason
    expect((await p.api('POST', '/admin/wallet/grants', body, reviewers.admin)).body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'idempotencyKey' }] },
    });
    expect((await p.api('POST', '/admin/wallet/grants', body, reviewers.approver, key)).status).toBe(403);
    expect((await p.api('POST', '/admin/wallet/grants', body, e.token, key)).status).toBe(403);
    const stranger = { ...body, enterpriseId: randomUUID() };
    expect((await p.api('POST', '/admin/wallet/grants', stranger, reviewers.admin, key)).status).toBe(404);
    expect((await p.api('POST', '/admin/wallet/grants', { ...body, reason: '' }, reviewers.admin, key)).status).toBe(
      400,
    );

    // lottery learns of the certification from its event: the grant may have to wait for it a moment
    let granted: { status: number; body: { id: string } } = { status: 0, body: { id: '' } };
    await expect
      .poll(async () => (granted = await p.api('POST', '/admin/wallet/grants', body, reviewers.admin, key)).status, {
        timeout: 10_000,
      })
      .toBe(201);
    const retried = await p.api('POST', '/admin/wallet/grants', body, reviewers.admin, key);
    expect(retried.body.id).toBe(granted.body.id);

    let voucher: { id: string; balance: number; source: { kind: string } } | undefined;
    await expect
      .poll(async () => (voucher = (await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0]), {
        timeout: 10_000,
      })
      .toBeDefined();
    expect(voucher).toMatchObject({ id: granted.body.id, balance: 200000, source: { kind: 'grant' } });
    expect((await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.total).toBe(1);
    expect(await ledger(e.token)).toEqual([
      expect.objectContaining({ kind: 'issue', amount: 200000, note: '人工发放：补发：预约系统故障' }),
    ]);

    // four orders at once, each paying 120,000 of the 200,000: the balance allows one
    expect((await p.api('PUT', '/wallet/pin', { pin: PIN, password: e.password }, e.token)).status).toBe(204);
    const placed = await Promise.all(
      Array.from({ length: 4 }, () => p.api('POST', '/orders', order(voucher!.id), e.token)),
    );
    const paid = placed.filter((r) => r.status === 201 && r.body.paymentState === 'paid');
    expect(paid).toHaveLength(1);
    const after = (await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0];
    expect(after.balance).toBe(80000);
    const payments = (await ledger(e.token)).filter((l) => l.kind === 'payment');
    expect(payments.map((l) => l.amount)).toEqual([-120000]);
    const integrity = await p.api('GET', '/admin/wallet/integrity', undefined, reviewers.admin);
    expect(integrity.body).toMatchObject({ ok: true, mismatches: [] });
  });
});

describe('journey: order, pay with a voucher and in cash, serve, complete, evaluate (DOMAIN §11 steps 5-6)', () => {
  it('goes from placement to evaluation with one "not completed" loop, and the ledger shows the payment', async () => {
    const e = await enterpriseWithVoucher('南京订单旅程科技有限公司');
    const key = randomUUID();
    const placed = await p.api('POST', '/orders', order(e.voucherId), e.token, { 'idempotency-key': key });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body).toMatchObject({
      state: 'pending_payment',
      totalAmount: 400000,
      voucherAmount: 120000,
      cashDue: 280000,
      paymentState: 'paid',
    });
    expect(placed.body.orderNo).toMatch(/^\d{24}$/);
    // a retried POST answers the same order and deducts nothing more
    const retried = await p.api('POST', '/orders', order(e.voucherId), e.token, { 'idempotency-key': key });
    expect(retried.body.id).toBe(placed.body.id);
    const id = placed.body.id as string;

    const receipt = await upload(p, e.token, 'payment_receipt', PNG, '转账凭证.png');
    expect((await p.api('POST', `/orders/${id}/receipts`, { fileIds: [receipt] }, e.token)).body.state).toBe(
      'awaiting_provider',
    );
    expect((await p.api('POST', `/orders/${id}/accept`, undefined, provider.token)).body.state).toBe('accepted');
    // issue 18: the paid order waited in the provider's inbox, and its acceptance reaches the enterprise's
    const stepsOf = async (token: string) =>
      ((await p.api('GET', '/notifications?pageSize=100', undefined, token)).body.items as MessageView[])
        .filter((m) => m.params.orderNo === placed.body.orderNo)
        .map((m) => [m.kind, m.template, m.body['zh-CN'].includes('ISO14001环境管理体系认证')]);
    await expect
      .poll(() => stepsOf(provider.token), { timeout: 10_000 })
      .toEqual([['order_step', 'order.awaiting_provider', true]]);
    await expect.poll(() => stepsOf(e.token), { timeout: 10_000 }).toEqual([['order_step', 'order.accepted', true]]);
    const contract = await upload(p, e.token, 'contract', PDF, '服务合同.pdf');
    expect((await p.api('POST', `/orders/${id}/contract`, { fileId: contract }, e.token)).body.state).toBe(
      'in_service',
    );

    const record = await p.api(
      'POST',
      `/orders/${id}/service-records`,
      { date: '2026-11-20', engineer: '张工', description: '现场差距诊断' },
      provider.token,
    );
    expect(record.status, JSON.stringify(record.body)).toBe(201);
    const recordId = record.body.serviceRecords[0].id as string;
    expect((await p.api('POST', `/orders/${id}/deliver`, undefined, provider.token)).body.state).toBe('delivered');
    // 未完成: back into service, asked for again, delivered again
    expect(
      (await p.api('POST', `/orders/${id}/complete`, { completed: false, note: '文件未交付' }, e.token)).body.state,
    ).toBe('in_service');
    expect((await p.api('POST', `/orders/${id}/service-requests`, { note: '请补交体系文件' }, e.token)).status).toBe(
      201,
    );
    const scores = { attitude: 5, conduct: 5, quality: 4, price: 4, responsiveness: 5 };
    expect(
      (await p.api('POST', `/orders/${id}/service-records/${recordId}/evaluation`, { solved: true, scores }, e.token))
        .status,
    ).toBe(200);
    const locked = await p.api(
      'PUT',
      `/orders/${id}/service-records/${recordId}`,
      { date: '2026-11-21', engineer: '李工', description: '改写' },
      provider.token,
    );
    expect(locked.status).toBe(409);
    expect((await p.api('POST', `/orders/${id}/deliver`, undefined, provider.token)).body.state).toBe('delivered');
    expect((await p.api('POST', `/orders/${id}/complete`, { completed: true }, e.token)).body.state).toBe('completed');
    const evaluated = await p.api(
      'POST',
      `/orders/${id}/evaluation`,
      { rating: 'good', text: '专业高效', platformStars: 5 },
      e.token,
    );
    expect(evaluated.body.state).toBe('evaluated');

    const detail = (await p.api('GET', `/orders/${id}`, undefined, e.token)).body;
    expect(detail).toMatchObject({
      receipts: [receipt],
      contractFileId: contract,
      vouchers: [{ voucherId: e.voucherId, amount: 120000 }],
      serviceRequests: [{ note: '请补交体系文件' }],
      evaluation: { rating: 'good', platformStars: 5, auto: false },
    });
    expect(detail.history.map((h: { to: string }) => h.to)).toEqual([
      'pending_payment',
      'pending_payment',
      'awaiting_provider',
      'accepted',
      'in_service',
      null,
      'delivered',
      'in_service',
      null,
      null,
      'delivered',
      'completed',
      'evaluated',
    ]);
    expect((await ledger(e.token)).filter((l) => l.orderId === id)).toEqual([
      expect.objectContaining({ kind: 'payment', amount: -120000 }),
    ]);
    // the provider sees it; the catalog shows the evaluation on the product page
    expect((await p.api('GET', `/orders/${id}`, undefined, provider.token)).status).toBe(200);
    await expect.poll(() => eventCount(p, orderEvents.completed), { timeout: 5000 }).toBe(1);
    await expect
      .poll(async () => (await p.api('GET', `/catalog/products/${productId}`)).body.evaluations.good, { timeout: 5000 })
      .toBe(1);
  });

  it('the provider redeems the voucher payment of the completed order (DOMAIN §11 step 7, SET-1..3)', async () => {
    await expect
      .poll(async () => (await p.api('GET', '/settlement/redeemable', undefined, provider.token)).body.total, {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(1);
    const lines = (await p.api('GET', '/settlement/redeemable', undefined, provider.token)).body.items;
    expect(lines[0]).toMatchObject({ amount: 120000, category: 'CERT', enterpriseName: '南京订单旅程科技有限公司' });
    const wrongName = await p.api(
      'POST',
      '/settlement/bank-accounts',
      { bank: '中国工商银行', branch: '济南分行', accountName: '别人家公司', number: '6222020200112233445' },
      provider.token,
    );
    expect(wrongName.status).toBe(400);
    const account = await p.api(
      'POST',
      '/settlement/bank-accounts',
      {
        bank: '中国工商银行',
        branch: '济南分行',
        accountName: '济南订单认证服务有限公司',
        number: '6222020200112233445',
      },
      provider.token,
    );
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    const material = (name: string) => upload(p, provider.token, 'settlement_material', PDF, name);
    const applied = await p.api(
      'POST',
      '/settlement/applications',
      {
        paymentIds: lines.map((l: { id: string }) => l.id),
        bankAccountId: account.body.id,
        materials: {
          contract: await material('合同.pdf'),
          invoice: await material('发票.pdf'),
          receipt: await material('凭证.pdf'),
          priceEvidence: await material('价格.pdf'),
        },
      },
      provider.token,
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const id = applied.body.id as string;
    // SET-4: the forms to sign, as PDF (Chinese text readable) and XLSX, and the signed scan back
    const pdf = await fetch(`${p.platform.gatewayUrl}/api/v1/settlement/applications/${id}/form?format=pdf`, {
      headers: { authorization: `Bearer ${provider.token}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-', '-'], { input: new Uint8Array(await pdf.arrayBuffer()) }).toString();
    expect(text).toContain('济南订单认证服务有限公司');
    expect(text).toContain('1200.00');
    const xlsx = await fetch(
      `${p.platform.gatewayUrl}/api/v1/settlement/applications/${id}/usage-summary?format=xlsx`,
      {
        headers: { authorization: `Bearer ${provider.token}` },
      },
    );
    expect(xlsx.status).toBe(200);
    const signed = await upload(p, provider.token, 'signed_form', PDF, '签字盖章.pdf');
    expect(
      (await p.api('POST', `/settlement/applications/${id}/signed-form`, { fileId: signed }, provider.token)).status,
    ).toBe(200);
    const finance = await staff(p, reviewers.admin, 'finance');
    expect((await p.api('POST', `/settlement/applications/${id}/assess`, undefined, finance)).status).toBe(403);
    expect(
      (await p.api('POST', `/settlement/applications/${id}/assess`, undefined, reviewers.approver)).body.state,
    ).toBe('assessed');
    expect((await p.api('POST', `/settlement/applications/${id}/approve-payment`, undefined, finance)).body.state).toBe(
      'payment_approved',
    );
    const paid = await p.api(
      'POST',
      `/settlement/applications/${id}/pay`,
      { reference: 'HX001', paidAt: '2026-11-25' },
      finance,
    );
    expect(paid.body.state).toBe('paid');
    expect((await p.api('POST', `/settlement/applications/${id}/confirm`, undefined, provider.token)).body.state).toBe(
      'confirmed',
    );
    expect((await p.api('GET', '/settlement/redeemable', undefined, provider.token)).body.total).toBe(0);
  });

  it('a cancelled order gives the voucher back (+ refund in the bills); that was the year’s one withdrawal', async () => {
    const e = await enterpriseWithVoucher('南京撤回旅程科技有限公司');
    const first = (await p.api('POST', '/orders', order(e.voucherId, 100000), e.token)).body;
    const cancelled = await p.api('POST', `/orders/${first.id}/cancel`, undefined, e.token);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', paymentState: 'refunded' });
    const bills = (await ledger(e.token)).filter((l) => l.orderId === first.id).map((l) => [l.kind, l.amount]);
    expect(bills.sort()).toEqual([
      ['payment', -100000],
      ['refund', 100000],
    ]);
    const second = (await p.api('POST', '/orders', order(e.voucherId, 100000), e.token)).body;
    const again = await p.api('POST', `/orders/${second.id}/withdraw-vouchers`, undefined, e.token);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WITHDRAWAL_USED');
    expect((await p.api('GET', `/orders/${second.id}`, undefined, e.token)).body.state).toBe('pending_payment');
    // a provider's decline refunds without counting
    const receipt = await upload(p, e.token, 'payment_receipt', PDF, 'r.pdf');
    await p.api('POST', `/orders/${second.id}/receipts`, { fileIds: [receipt] }, e.token);
    const declined = await p.api('POST', `/orders/${second.id}/decline`, { reason: '档期已满' }, provider.token);
    expect(declined.body).toMatchObject({ state: 'cancelled', paymentState: 'refunded' });
    const bag = (await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items;
    expect(bag[0]).toMatchObject({ id: e.voucherId, balance: 200000 });
  });
});

describe('orders refuse bad input and change nothing', () => {
  it('an unknown spec, quantity 0, no agreement, a wrong PIN, someone else’s voucher, too many vouchers', async () => {
    const e = await enterpriseWithVoucher('南京坏输入旅程科技有限公司');
    const other = await enterpriseWithVoucher('南京别家旅程科技有限公司');
    const mine = async () => (await p.api('GET', '/orders/mine', undefined, e.token)).body.total as number;
    const before = await mine();
    const cases: [Record<string, unknown>, number, string][] = [
      [order(e.voucherId, 100000, { specName: '旗舰版' }), 400, 'VALIDATION_FAILED'],
      [order(e.voucherId, 100000, { quantity: 0 }), 400, 'VALIDATION_FAILED'],
      [order(e.voucherId, 100000, { quantity: -1 }), 400, 'VALIDATION_FAILED'],
      [order(e.voucherId, 100000, { agreementAccepted: false }), 400, 'VALIDATION_FAILED'],
      [order(e.voucherId, 100000, { pin: '135790' }), 403, 'PIN_INCORRECT'],
      [order(other.voucherId, 100000), 409, 'VOUCHER_NOT_USABLE'],
      [order(e.voucherId, 500000), 400, 'DEDUCTION_RULE'],
      [{ ...order(e.voucherId), productId: randomUUID() }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await p.api('POST', '/orders', body, e.token);
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await mine()).toBe(before);
    expect((await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0].balance).toBe(200000);
  });

  it('a transition from the wrong state, another provider’s order, a fourth receipt, a receipt that is not an image or PDF', async () => {
    const e = await enterpriseWithVoucher('南京错状态旅程科技有限公司');
    const placed = (await p.api('POST', '/orders', order(undefined), e.token)).body;
    expect(placed).toMatchObject({ state: 'pending_payment', cashDue: 400000, paymentState: 'none' });
    expect((await p.api('POST', `/orders/${placed.id}/deliver`, undefined, provider.token)).status).toBe(409);
    expect(
      (await p.api('POST', `/orders/${placed.id}/evaluation`, { rating: 'good', text: '', platformStars: 5 }, e.token))
        .status,
    ).toBe(409);
    const stranger = await certifiedProvider(p, reviewers, '济南别家服务商有限公司');
    expect((await p.api('POST', `/orders/${placed.id}/accept`, undefined, stranger.token)).status).toBe(404);
    expect((await p.api('GET', `/orders/${placed.id}`, undefined, stranger.token)).status).toBe(404);
    const contract = await upload(p, e.token, 'contract', PDF, 'x.pdf');
    expect((await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: [contract] }, e.token)).status).toBe(400);
    const receipts = [];
    for (let i = 0; i < 4; i++) receipts.push(await upload(p, e.token, 'payment_receipt', PNG, `r${i}.png`));
    expect((await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: receipts }, e.token)).status).toBe(400);
    expect(
      (await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: receipts.slice(0, 3) }, e.token)).body.state,
    ).toBe('awaiting_provider');
    expect((await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: [receipts[3]] }, e.token)).status).toBe(
      409,
    );
    // the voucher part can still be paid later? no: it is awaiting the provider now
    expect(
      (
        await p.api(
          'POST',
          `/orders/${placed.id}/pay`,
          { vouchers: [{ voucherId: e.voucherId, amount: 100000 }], pin: PIN },
          e.token,
        )
      ).status,
    ).toBe(409);
  });

  it('the annual purchase limit of the product (CAT-2) counts live orders, even placed all at once', async () => {
    const e = await enterpriseWithVoucher('南京限购旅程科技有限公司');
    const placed = await Promise.all(
      Array.from({ length: 6 }, () => p.api('POST', '/orders', order(undefined), e.token)),
    );
    expect(placed.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
    expect(new Set(placed.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(
      new Set(['PURCHASE_LIMIT_REACHED']),
    );
    // a placement the wallet refuses leaves nothing behind, not even its place in the count
    const first = placed.find((r) => r.status === 201)!.body;
    expect((await p.api('POST', `/orders/${first.id}/cancel`, undefined, e.token)).status).toBe(200);
    const wrongPin = await p.api('POST', '/orders', order(e.voucherId, 1000, { pin: '135790' }), e.token);
    expect(wrongPin.body.error.code).toBe('PIN_INCORRECT');
    // the cancelled order left the count: one more may be placed, and then no more
    expect((await p.api('POST', '/orders', order(undefined), e.token)).status).toBe(201);
    const over = await p.api('POST', '/orders', order(undefined), e.token);
    expect([over.status, over.body.error.code]).toEqual([409, 'PURCHASE_LIMIT_REACHED']);
  });

  it('orders placed and paid at the same moment by several enterprises are each placed, paid, audited and announced once, and a retried POST among them is the same order', async () => {
    const es = [];
    for (let i = 0; i < 6; i++) es.push(await enterpriseWithVoucher(`南京同时下单${i}科技有限公司`));
    const keys = es.map(() => randomUUID());
    const posts = await Promise.all(
      es.flatMap((e, i) =>
        [0, 1].map(() =>
          p.api('POST', '/orders', order(e.voucherId, 1000 + i), e.token, { 'idempotency-key': keys[i]! }),
        ),
      ),
    );
    expect(posts.map((r) => r.status)).toEqual(posts.map(() => 201));
    const ids = es.map((_, i) => posts[2 * i]!.body.id as string);
    expect(es.map((_, i) => posts[2 * i + 1]!.body.id)).toEqual(ids);
    // the POST that placed the order answers it paid; its retry answers the same order as it stood
    for (const [i, id] of ids.entries()) {
      const pair = [posts[2 * i]!.body, posts[2 * i + 1]!.body];
      expect(pair.some((b) => b.paymentState === 'paid')).toBe(true);
      expect((await p.api('GET', `/orders/${id}`, undefined, es[i]!.token)).body).toMatchObject({
        voucherAmount: 1000 + i,
        paymentState: 'paid',
      });
    }
    const told = await p.query<{ subject: string; n: number }>(
      `SELECT subject, count(*)::int AS n FROM orders.outbox WHERE envelope->'data'->>'orderId' = ANY($1) GROUP BY subject ORDER BY subject`,
      [ids],
    );
    expect(told.map((r) => [r.subject.replace(/.*order\./, ''), r.n])).toEqual([['placed', 6]]);
    const audited = await p.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM orders.audit_log WHERE entity_id = ANY($1) GROUP BY action ORDER BY action`,
      [ids],
    );
    expect(audited.map((r) => [r.action, r.n])).toEqual([
      ['place', 6],
      ['voucher_paid', 6],
    ]);
    for (const [i, e] of es.entries()) {
      const bill = (await ledger(e.token)).filter((l) => l.orderId === ids[i]);
      expect(bill.map((l) => [l.kind, l.amount])).toEqual([['payment', -(1000 + i)]]);
    }
  });

  it('a product its provider delisted is no longer ordered (ORD-1), though it was ordered a moment before', async () => {
    const e = await enterpriseWithVoucher('南京下架旅程科技有限公司');
    const soon = await listedProduct(p, provider.token, reviewers, 'ISO9001质量管理体系认证');
    expect((await p.api('POST', '/orders', { ...order(undefined), productId: soon }, e.token)).status).toBe(201);
    expect((await p.api('POST', `/catalog/products/${soon}/delist`, undefined, provider.token)).status).toBe(200);
    await expect
      .poll(async () => (await p.api('POST', '/orders', { ...order(undefined), productId: soon }, e.token)).status, {
        timeout: 5_000,
      })
      .toBe(404);
  });

  it('an enterprise that is not certified cannot order (ORD-1), and no order is left behind', async () => {
    const stranger = await account(p, 'enterprise');
    const res = await p.api('POST', '/orders', order(undefined), stranger.token);
    expect([res.status, res.body.error.code]).toEqual([403, 'NOT_QUALIFIED']);
    expect((await p.api('GET', '/orders/mine', undefined, stranger.token)).body.items).toEqual([]);
  });
});

/**
 * What the saga writes before it calls the wallet, written while the orders
 * service is down: an order like `template` paying `amount` with the voucher,
 * its wallet step `requested`.
 */
async function requestedOrder(templateId: string, voucherId: string, amount: number): Promise<string> {
  const orderId = randomUUID();
  await p.query(
    `INSERT INTO orders.orders (id, order_no, enterprise_id, provider_id, provider_name, product_id, product_version,
       product_name, spec_name, unit_price, quantity, total_amount, voucher_amount, cash_due, state, payment_state,
       payment_requested_at, year)
     SELECT $1, lpad((random() * 1e15)::bigint::text, 24, '2'), enterprise_id, provider_id, provider_name, product_id,
       product_version, product_name, spec_name, unit_price, 1, total_amount, $3, total_amount - $3,
       'pending_payment', 'requested', now(), year FROM orders.orders WHERE id = $2`,
    [orderId, templateId, amount],
  );
  await p.query(`INSERT INTO orders.order_vouchers (order_id, voucher_id, amount) VALUES ($1, $2, $3)`, [
    orderId,
    voucherId,
    amount,
  ]);
  return orderId;
}

/** The wallet's pay of that order, as the saga would have asked it: `paid`, or the wallet's refusal code. */
async function walletPay(e: { id: string; voucherId: string }, orderId: string, amount: number) {
  const bus = await testClient(p.iso);
  try {
    await bus.call(
      wallet.pay,
      {
        orderId,
        providerId: provider.id,
        orderAmount: 400000,
        quantity: 1,
        acceptedCategories: ['CERT'],
        maxVoucherPerUnit: 200000,
        vouchers: [{ voucherId: e.voucherId, amount }],
        pin: PIN,
      },
      { userId: e.id, role: 'enterprise' },
    );
    return 'paid';
  } catch (err) {
    return (err as { code: string }).code;
  } finally {
    await bus.close();
  }
}

describe('orders under races and faults', () => {
  it('orders racing for the last purchase of the year (CAT-2): exactly one is placed', async () => {
    const e = await enterpriseWithVoucher('南京抢购旅程科技有限公司');
    expect((await p.api('POST', '/orders', order(undefined), e.token)).status).toBe(201);
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => p.api('POST', '/orders', order(e.voucherId, 1000), e.token)),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const live = (await p.api('GET', '/orders/mine', undefined, e.token)).body.items;
    expect(live).toHaveLength(2);
    // only the placed one deducted: the voucher paid 1,000 fen once
    expect((await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0].balance).toBe(200000 - 1000);
  });

  it('an accept and a cancel of the same order at the same moment: exactly one wins', async () => {
    const e = await enterpriseWithVoucher('南京竞态旅程科技有限公司');
    const placed = (await p.api('POST', '/orders', order(e.voucherId, 200000, { quantity: 1 }), e.token)).body;
    const receipt = await upload(p, e.token, 'payment_receipt', PNG, 'r.png');
    await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: [receipt] }, e.token);
    const [accept, cancel] = await Promise.all([
      p.api('POST', `/orders/${placed.id}/accept`, undefined, provider.token),
      p.api('POST', `/orders/${placed.id}/cancel`, undefined, e.token),
    ]);
    expect([accept.status, cancel.status].sort()).toEqual([200, 409]);
    const final = (await p.api('GET', `/orders/${placed.id}`, undefined, e.token)).body;
    expect(final.state).toBe(accept.status === 200 ? 'accepted' : 'cancelled');
  });

  it('a cancel or a withdrawal while the slow wallet is deducting is refused; the deduction lands on a live order, whose cancel then refunds it and lowers the provider’s cap count', async () => {
    const e = await enterpriseWithVoucher('南京慢钱包旅程科技有限公司');
    const received = async () =>
      (
        await p.query<{ n: string }>(
          `SELECT coalesce(sum(received), 0)::text AS n FROM wallet.provider_receipts WHERE provider_id = $1`,
          [provider.id],
        )
      )[0]!.n;
    const before = Number(await received());
    // a slow wallet: its deduction waits for the voucher's row, which another transaction holds a moment
    const holder = new pg.Client({ connectionString: p.iso.databaseUrl });
    await holder.connect();
    let placing: ReturnType<JourneyPlatform['api']> | undefined;
    let inFlight: {
      cancel: Awaited<ReturnType<JourneyPlatform['api']>>;
      withdraw: Awaited<ReturnType<JourneyPlatform['api']>>;
    };
    let orderId: string | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM wallet.vouchers WHERE id = $1 FOR UPDATE', [e.voucherId]);
      placing = p.api('POST', '/orders', order(e.voucherId, 100000), e.token);
      // the saga writes the order `requested` before it asks the wallet
      await expect
        .poll(async () => {
          const rows = await p.query<{ id: string }>(
            `SELECT id FROM orders.orders WHERE enterprise_id = $1 AND payment_state = 'requested'`,
            [e.id],
          );
          orderId = rows[0]?.id;
          return orderId;
        })
        .toBeDefined();
      inFlight = {
        cancel: await p.api('POST', `/orders/${orderId}/cancel`, undefined, e.token),
        withdraw: await p.api('POST', `/orders/${orderId}/withdraw-vouchers`, undefined, e.token),
      };
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    for (const refused of [inFlight.cancel, inFlight.withdraw]) {
      expect([refused.status, refused.body.error?.code, refused.body.error?.details]).toEqual([
        409,
        'INVALID_STATE',
        { state: 'pending_payment', paymentState: 'requested' },
      ]);
    }
    const placed = await placing;
    expect([placed.status, placed.body.id, placed.body.paymentState]).toEqual([201, orderId, 'paid']);
    expect(Number(await received())).toBe(before + 100000);

    const cancelled = await p.api('POST', `/orders/${orderId}/cancel`, undefined, e.token);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', paymentState: 'refunded' });
    const bills = (await ledger(e.token)).filter((l) => l.orderId === orderId).map((l) => [l.kind, l.amount]);
    expect(bills.sort()).toEqual([
      ['payment', -100000],
      ['refund', 100000],
    ]);
    expect(Number(await received())).toBe(before);
  });

  it('the orders service killed between the wallet’s deduction and the order’s record: after restart the order goes on', async () => {
    const e = await enterpriseWithVoucher('南京故障一旅程科技有限公司');
    const template = (await p.api('POST', '/orders', order(undefined), e.token)).body;
    await p.platform.kill('orders');
    // what the saga had written before calling the wallet, and the wallet's deduction it never heard about
    const orderId = await requestedOrder(template.id, e.voucherId, 200000);
    expect(await walletPay(e, orderId, 200000)).toBe('paid');
    await p.platform.restart('orders');
    await expect
      .poll(async () => (await p.api('GET', `/orders/${orderId}`, undefined, e.token)).body.paymentState, {
        timeout: 10_000,
      })
      .toBe('paid');
    const resumed = (await p.api('GET', `/orders/${orderId}`, undefined, e.token)).body;
    expect(resumed).toMatchObject({ state: 'pending_payment', voucherAmount: 200000, cashDue: 200000 });
    expect((await ledger(e.token)).filter((l) => l.orderId === orderId).map((l) => l.amount)).toEqual([-200000]);
  });

  it('killed before the wallet answered and the payment never happened: the order is cancelled and a late pay deducts nothing', async () => {
    const e = await enterpriseWithVoucher('南京故障二旅程科技有限公司');
    const template = (await p.api('POST', '/orders', order(undefined), e.token)).body;
    await p.platform.kill('orders');
    const orderId = await requestedOrder(template.id, e.voucherId, 100000);
    await p.platform.restart('orders');
    await expect
      .poll(async () => (await p.api('GET', `/orders/${orderId}`, undefined, e.token)).body.state, { timeout: 10_000 })
      .toBe('cancelled');
    expect(await walletPay(e, orderId, 100000)).toBe('INVALID_STATE');
    expect((await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0].balance).toBe(200000);
  });

  it('an unanswered payment the wallet cannot settle holds back no other: the order behind it is settled', async () => {
    const e = await enterpriseWithVoucher('南京故障三旅程科技有限公司');
    const template = (await p.api('POST', '/orders', order(undefined), e.token)).body;
    await p.platform.kill('orders');
    // a refund the wallet refuses every time (it holds no payment of this order), first in the sweep's order
    const stuck = await requestedOrder(template.id, e.voucherId, 100000);
    await p.query(
      `UPDATE orders.orders SET payment_state = 'refund_requested', payment_requested_at = NULL WHERE id = $1`,
      [stuck],
    );
    const behind = await requestedOrder(template.id, e.voucherId, 100000);
    await p.platform.restart('orders');
    try {
      await expect
        .poll(async () => (await p.api('GET', `/orders/${behind}`, undefined, e.token)).body.state, {
          timeout: 10_000,
        })
        .toBe('cancelled');
      expect((await p.api('GET', `/orders/${stuck}`, undefined, e.token)).body.paymentState).toBe('refund_requested');
    } finally {
      await p.query(`UPDATE orders.orders SET payment_state = 'none' WHERE id = $1`, [stuck]);
    }
  });
});

describe('ORD-7 auto-evaluation by the scheduler', () => {
  it('evaluates "good" an order completed longer ago than the setting, once, and the catalog hears it', async () => {
    const e = await enterpriseWithVoucher('南京自动评价旅程科技有限公司');
    const placed = (await p.api('POST', '/orders', order(e.voucherId, 200000), e.token)).body;
    const receipt = await upload(p, e.token, 'payment_receipt', PNG, 'r.png');
    await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: [receipt] }, e.token);
    await p.api('POST', `/orders/${placed.id}/accept`, undefined, provider.token);
    const contract = await upload(p, e.token, 'contract', PDF, 'c.pdf');
    await p.api('POST', `/orders/${placed.id}/contract`, { fileId: contract }, e.token);
    await p.api('POST', `/orders/${placed.id}/deliver`, undefined, provider.token);
    expect((await p.api('POST', `/orders/${placed.id}/complete`, { completed: true }, e.token)).body.state).toBe(
      'completed',
    );
    const settings = await p.api('GET', '/admin/settings/orders', undefined, reviewers.admin);
    expect(settings.body).toEqual({ contractDeadlineDays: 30, autoEvaluationDays: 7 });
    const bus = await testClient(p.iso);
    try {
      expect((await bus.call(orders.autoEvaluateDue, {}, systemCaller)).evaluated).toBe(0);
      await p.query(`UPDATE orders.orders SET completed_at = now() - interval '8 days' WHERE id = $1`, [placed.id]);
      expect((await bus.call(orders.autoEvaluateDue, {}, systemCaller)).evaluated).toBe(1);
      expect((await bus.call(orders.autoEvaluateDue, {}, systemCaller)).evaluated).toBe(0);
    } finally {
      await bus.close();
    }
    const detail = (await p.api('GET', `/orders/${placed.id}`, undefined, e.token)).body;
    expect(detail).toMatchObject({ state: 'evaluated', evaluation: { rating: 'good', auto: true } });
    expect(
      (await p.api('GET', '/admin/jobs', undefined, reviewers.admin)).body.items.map((j: { name: string }) => j.name),
    ).toContain('auto-evaluate-orders');
  });
});

describe('ORD-8 the provider’s customers', () => {
  it('finds a customer by voucher number, company and district, with what it bought and the service records', async () => {
    const e = await enterpriseWithVoucher('南京客户查询旅程科技有限公司');
    const placed = (await p.api('POST', '/orders', order(e.voucherId, 150000), e.token)).body;
    const detail = (await p.api('GET', `/orders/${placed.id}`, undefined, e.token)).body;
    const bag = (await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items;
    const number = bag.find((v: { id: string }) => v.id === e.voucherId).number as string;
    expect(detail.vouchers).toEqual([{ voucherId: e.voucherId, amount: 150000 }]);

    const byVoucher = await p.api('GET', `/provider/customers?voucherNo=${number}`, undefined, provider.token);
    expect(byVoucher.body.items).toEqual([
      expect.objectContaining({ enterpriseId: e.id, district: '玄武区', orders: 1 }),
    ]);
    const byCompany = await p.api(
      'GET',
      `/provider/customers?company=${encodeURIComponent('客户查询')}&district=${encodeURIComponent('玄武区')}`,
      undefined,
      provider.token,
    );
    expect(byCompany.body.items.map((c: { enterpriseId: string }) => c.enterpriseId)).toEqual([e.id]);
    const one = await p.api('GET', `/provider/customers/${e.id}`, undefined, provider.token);
    expect(one.body).toMatchObject({ companyName: '南京客户查询旅程科技有限公司', purchases: [{ id: placed.id }] });
    const stranger = await certifiedProvider(p, reviewers, '济南不相干服务商有限公司');
    expect((await p.api('GET', `/provider/customers/${e.id}`, undefined, stranger.token)).status).toBe(404);
    expect((await p.api('GET', '/provider/customers?voucherNo=abc', undefined, provider.token)).status).toBe(400);
  });
});

describe('issue 18 the provider’s to-dos (我的待办)', () => {
  it('counts an order to accept once it is paid, and no more once the provider accepts it', async () => {
    const toAccept = async () => {
      const res = await p.api('GET', '/todos/counts', undefined, provider.token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (
        (res.body.byKind as { kind: string; count: number }[]).find((k) => k.kind === 'order_to_accept')?.count ?? 0
      );
    };
    const e = await enterpriseWithVoucher('南京待办旅程科技有限公司');
    const before = await toAccept();
    const placed = (await p.api('POST', '/orders', order(e.voucherId, 150000), e.token)).body;
    // placed with its voucher part, the cash still due: nothing waits for the provider yet
    expect(await toAccept()).toBe(before);
    const receipt = await upload(p, e.token, 'payment_receipt', PNG, 'r.png');
    await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: [receipt] }, e.token);
    await expect.poll(toAccept, { timeout: 10_000, interval: 300 }).toBe(before + 1);
    const list = await p.api('GET', '/todos?kind=order_to_accept', undefined, provider.token);
    expect(list.body.items.map((t: { subjectId: string }) => t.subjectId)).toContain(placed.id);
    // the enterprise has nothing to accept
    expect((await p.api('GET', '/todos?kind=order_to_accept', undefined, e.token)).body.items).toEqual([]);
    expect((await p.api('POST', `/orders/${placed.id}/accept`, undefined, provider.token)).body.state).toBe('accepted');
    await expect.poll(toAccept, { timeout: 10_000, interval: 300 }).toBe(before);
  });
});

describe('ORD-5 the contract deadline', () => {
  it('cancels an accepted order without its contract 30 days after the vouchers were issued, and reclaims the vouchers', async () => {
    const e = await enterpriseWithVoucher('南京合同逾期旅程科技有限公司');
    const placed = (await p.api('POST', '/orders', order(e.voucherId, 150000), e.token)).body;
    const receipt = await upload(p, e.token, 'payment_receipt', PNG, 'r.png');
    await p.api('POST', `/orders/${placed.id}/receipts`, { fileIds: [receipt] }, e.token);
    expect((await p.api('POST', `/orders/${placed.id}/accept`, undefined, provider.token)).body.state).toBe('accepted');
    const bus = await testClient(p.iso);
    try {
      expect((await bus.call(orders.cancelOverdueContracts, {}, systemCaller)).cancelled).toBe(0);
      await p.query(`UPDATE orders.order_vouchers SET issued_at = now() - interval '31 days' WHERE order_id = $1`, [
        placed.id,
      ]);
      expect((await bus.call(orders.cancelOverdueContracts, {}, systemCaller)).cancelled).toBe(1);
      expect((await bus.call(orders.cancelOverdueContracts, {}, systemCaller)).cancelled).toBe(0);
    } finally {
      await bus.close();
    }
    const after = (await p.api('GET', `/orders/${placed.id}`, undefined, e.token)).body;
    expect(after).toMatchObject({ state: 'cancelled', paymentState: 'reclaimed' });
    expect(after.cancelReason).toContain('30 days');
    const bills = (await ledger(e.token)).filter((l) => l.orderId === placed.id).map((l) => [l.kind, l.amount]);
    expect(bills.sort()).toEqual([
      ['payment', -150000],
      ['reclaim', -200000],
      ['refund', 150000],
    ]);
    expect((await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0]).toMatchObject({
      state: 'reclaimed',
      balance: 0,
    });
    const integrity = await p.api('GET', '/admin/wallet/integrity', undefined, reviewers.admin);
    expect(integrity.body.ok).toBe(true);
  });
});

describe('SET-6 statistics', () => {
  it('agree with the wallet’s integrity totals, count what was redeemed, and keep a district officer to its district', async () => {
    const approver = reviewers.approver;
    const byCategory = await p.api('GET', '/stats/vouchers?groupBy=category', undefined, approver);
    expect(byCategory.status, JSON.stringify(byCategory.body)).toBe(200);
    const cert = byCategory.body.rows.find((r: { key: string }) => r.key === 'CERT');
    const integrity = (await p.api('GET', '/admin/wallet/integrity', undefined, reviewers.admin)).body;
    expect(integrity.ok).toBe(true);
    expect(cert).toMatchObject({
      issued: integrity.totals.issued,
      used: integrity.totals.paid - integrity.totals.refunded,
      forfeited: integrity.totals.forfeited,
      expired: integrity.totals.expired,
      reclaimed: integrity.totals.reclaimed,
      redeemed: 120000,
    });
    const byDistrict = (await p.api('GET', '/stats/vouchers?groupBy=district', undefined, approver)).body.rows;
    expect(byDistrict.map((r: { label: string }) => r.label)).toEqual(['玄武区']);
    const byProvider = (await p.api('GET', '/stats/vouchers?groupBy=provider', undefined, approver)).body.rows;
    expect(byProvider.find((r: { label: string }) => r.label === '济南订单认证服务有限公司')).toMatchObject({
      redeemed: 120000,
    });

    const otherOfficer = await staff(p, reviewers.admin, 'district_officer', { district: '秦淮区' });
    expect((await p.api('GET', '/stats/vouchers?groupBy=category', undefined, otherOfficer)).body.rows).toEqual([]);
    const ownOfficer = (await p.api('GET', '/stats/vouchers?groupBy=category', undefined, reviewers.officer)).body.rows;
    expect(ownOfficer[0].issued).toBe(integrity.totals.issued);
    expect((await p.api('GET', '/stats/vouchers?groupBy=category', undefined, provider.token)).status).toBe(403);

    const evaluations = (await p.api('GET', '/stats/evaluations?groupBy=provider', undefined, approver)).body.rows;
    expect(evaluations).toEqual([
      expect.objectContaining({ label: '济南订单认证服务有限公司', total: 2, good: 2, goodRate: 100 }),
    ]);
    const csv = await fetch(`${p.platform.gatewayUrl}/api/v1/stats/vouchers?groupBy=month&format=csv`, {
      headers: { authorization: `Bearer ${approver}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // the CSV says what the JSON says, in yuan
    const months = (await p.api('GET', '/stats/vouchers?groupBy=month', undefined, approver)).body.rows;
    const csvRows = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(csvRows[0]).toContain('发放金额（元）');
    expect(csvRows.slice(1)).toEqual(
      months.map((r: Record<string, number | string>) => [
        r.label,
        String(r.issuedCount),
        ...(['issued', 'used', 'redeemed', 'forfeited', 'expired', 'reclaimed'] as const).map((k) =>
          (Number(r[k]) / 100).toFixed(2),
        ),
      ]),
    );
    const xlsx = await fetch(`${p.platform.gatewayUrl}/api/v1/stats/evaluations?groupBy=product&format=xlsx`, {
      headers: { authorization: `Bearer ${approver}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheetRows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
    const byProduct = (await p.api('GET', '/stats/evaluations?groupBy=product', undefined, approver)).body.rows;
    expect(sheetRows.slice(1)).toEqual(
      byProduct.map((r: Record<string, unknown>) => [r.label, r.total, r.good, r.neutral, r.bad, r.goodRate]),
    );
  });
});

describe('journey: one trace from an HTTP request through the services and their events (issue 19)', () => {
  it("follows an order placed over HTTP through orders, the catalog's terms and the wallet's payment, into settlement's handling of its event", async () => {
    const e = await enterpriseWithVoucher('南京链路追踪科技有限公司');
    const traceId = randomUUID().replaceAll('-', '');
    const callerSpan = traceId.slice(0, 16);
    const placed = await p.api('POST', '/orders', order(e.voucherId), e.token, {
      traceparent: `00-${traceId}-${callerSpan}-01`,
      'idempotency-key': randomUUID(),
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.paymentState).toBe('paid');
    expect(placed.headers.get('x-trace-id')).toBe(traceId);

    const inTrace = () => traces.spans.filter((s) => s.traceId === traceId);
    const wanted = ['gateway', 'orders', 'catalog', 'wallet', 'settlement'];
    await expect
      .poll(() => wanted.filter((service) => inTrace().some((s) => s.service === service)), { timeout: 20_000 })
      .toEqual(wanted);
    const span = (service: string, name: string) => inTrace().find((s) => s.service === service && s.name === name);
    const http = span('gateway', 'POST /api/v1/orders');
    expect(http?.parentSpanId).toBe(callerSpan);
    // each hop is a child of the one that caused it: the HTTP request, the orders command, its event
    const placeOrder = inTrace().find((s) => s.service === 'orders' && s.parentSpanId === http?.spanId);
    expect(placeOrder?.name).toMatch(/^svc\.orders\./);
    expect(span('catalog', 'svc.catalog.product')?.parentSpanId).toBe(placeOrder?.spanId);
    expect(span('wallet', 'svc.wallet.pay')?.parentSpanId).toBe(placeOrder?.spanId);
    const settled = span('settlement', 'settlement-orders');
    expect(settled?.kind).toBe(5);
    expect(inTrace().map((s) => s.spanId)).toContain(settled?.parentSpanId);
  });
});
