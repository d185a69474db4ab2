import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  isRefusal,
  lotteryEvents,
  systemCaller,
  wallet,
  type Caller,
  type CategoryView,
  type PayRequest,
} from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { BusAssertions, CALLER_HEADER, loadBusKeys, SENDER_HEADER, type Bus } from '@voucher/bus';
import {
  announce,
  forgedCallerAssertion,
  infra,
  isolate,
  testClient,
  type Isolation,
  type TestClient,
} from '@voucher/testing';
import { walletService } from '../src/service.ts';
import { identityStandIn, OWNER_PASSWORD } from './fixtures/identity-stand-in.ts';
import { checkDeduction } from '../src/domain/deduction.ts';
import { readPayers, writePayments } from '../src/store/payments.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
let iso: Isolation;
let service: RunningService;
let client: TestClient;
let identityPeer: Bus;
const PIN = '246810';
const provider = uuidv7();

const category = (code: string, redemptionMode: 'balance' | 'single_use'): CategoryView => ({
  code,
  name: `${code}券`,
  faceValue: 100_000,
  validityDays: 180,
  validUntil: null,
  redemptionMode,
  annualLimit: 1,
});

beforeAll(async () => {
  iso = await isolate('walletpay');
  service = await startService(walletService, {
    env: { ...iso.env, METRICS_PORT: '0' },
    installSignals: false,
    migrationsDir,
  });
  client = await testClient(iso, { requestTimeoutMs: 30_000 });
  identityPeer = await identityStandIn(iso);
  await announce(client, service.db, lotteryEvents.categoryCreated, category('AUDIT', 'balance'));
  await announce(client, service.db, lotteryEvents.categoryCreated, category('ONCE', 'single_use'));
});
afterAll(async () => {
  await identityPeer.close();
  await client.close();
  await service.stop();
  await iso.dispose();
});

/** An enterprise with a PIN and one published voucher of the category. */
async function holder(code = 'AUDIT'): Promise<{ e: Caller; voucherId: string }> {
  const e: Caller = { userId: uuidv7(), role: 'enterprise' };
  const voucherId = uuidv7();
  await announce(client, service.db, lotteryEvents.winsRecorded, {
    batchId: uuidv7(),
    campaignId: uuidv7(),
    category: code,
    source: 'draw',
    visibleFrom: new Date(Date.now() - 1000).toISOString(),
    chunk: 0,
    wins: [{ winId: voucherId, enterpriseId: e.userId, reservationId: uuidv7() }],
  });
  await client.call(wallet.setPin, { pin: PIN, password: OWNER_PASSWORD }, e);
  return { e, voucherId };
}

/** An order paying `amount` with the voucher; override what the test is about. */
const anOrder = (voucherId: string, amount: number, overrides: Partial<PayRequest> = {}): PayRequest => ({
  orderId: uuidv7(),
  providerId: provider,
  orderAmount: 400_000,
  quantity: 1,
  acceptedCategories: ['AUDIT', 'ONCE'],
  maxVoucherPerUnit: 200_000,
  vouchers: [{ voucherId, amount }],
  pin: PIN,
  ...overrides,
});

const balance = async (voucherId: string) =>
  (await sql<{ balance: number }>`SELECT balance FROM vouchers WHERE id = ${voucherId}`.execute(service.db)).rows[0]!
    .balance;

describe('WAL-4 pay', () => {
  it('deducts with the PIN and shows a - entry with the balance after', async () => {
    const { e, voucherId } = await holder();
    const paid = await client.call(wallet.pay, anOrder(voucherId, 30_000), e);
    expect(paid).toMatchObject({
      state: 'paid',
      total: 30_000,
      lines: [{ voucherId, amount: 30_000, forfeited: 0, balanceAfter: 70_000 }],
    });
    const ledger = await client.call(wallet.myLedger, { page: 1, pageSize: 10 }, e);
    expect(ledger.items[0]).toMatchObject({
      kind: 'payment',
      amount: -30_000,
      balanceAfter: 70_000,
      orderId: paid.orderId,
    });
  });

  it('forfeits the remainder of a single-use voucher with its own entry', async () => {
    const { e, voucherId } = await holder('ONCE');
    const paid = await client.call(wallet.pay, anOrder(voucherId, 30_000), e);
    expect(paid.lines[0]).toMatchObject({ amount: 30_000, forfeited: 70_000, balanceAfter: 0 });
    const [forfeit, payment] = (await client.call(wallet.myLedger, { page: 1, pageSize: 10 }, e)).items;
    expect([payment!.kind, payment!.amount, forfeit!.kind, forfeit!.amount]).toEqual([
      'payment',
      -30_000,
      'forfeit',
      -70_000,
    ]);
    expect((await client.call(wallet.myVouchers, { page: 1, pageSize: 10, state: 'used' }, e)).total).toBe(1);
  });

  it.each([
    ['a wrong category', { acceptedCategories: ['CERT'] }, 30_000, 'VOUCHER_NOT_USABLE'],
    ['an amount over the balance', {}, 100_001, 'INSUFFICIENT_BALANCE'],
    ["more than the product's maximum", { maxVoucherPerUnit: 20_000 }, 30_000, 'DEDUCTION_RULE'],
    ['more than the ratio of the order', { deductionRatioPercent: 30, orderAmount: 90_000 }, 30_000, 'DEDUCTION_RULE'],
    ['more than the order amount', { orderAmount: 20_000 }, 30_000, 'DEDUCTION_RULE'],
    ['a fractional amount', {}, 100.5, 'VALIDATION_FAILED'],
    ['a negative amount', {}, -100, 'VALIDATION_FAILED'],
    ['a wrong PIN', { pin: '135790' }, 30_000, 'PIN_INCORRECT'],
  ])('refuses %s and deducts nothing', async (_case, overrides, amount, code) => {
    const { e, voucherId } = await holder();
    const err = await client.refusal(wallet.pay, anOrder(voucherId, amount, overrides), e);
    expect(err.code).toBe(code);
    expect(await balance(voucherId)).toBe(100_000);
  });

  it("refuses someone else's voucher, and an expired one, as not usable", async () => {
    const { e } = await holder();
    const other = await holder();
    expect((await client.refusal(wallet.pay, anOrder(other.voucherId, 1_000), e)).code).toBe('VOUCHER_NOT_USABLE');
    await sql`UPDATE vouchers SET expires_at = now() - interval '1 day' WHERE id = ${other.voucherId}`.execute(
      service.db,
    );
    expect((await client.refusal(wallet.pay, anOrder(other.voucherId, 1_000), other.e)).details.reason).toBe(
      'it has expired',
    );
    expect(await balance(other.voucherId)).toBe(100_000);
  });

  it('never spends more than the balance: 50 payments racing for one voucher', async () => {
    const { e, voucherId } = await holder();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => client.call(wallet.pay, anOrder(voucherId, 3_000), e)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(33);
    expect(await balance(voucherId)).toBe(100_000 - 33 * 3_000);
    const refused = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason.code);
    expect(new Set(refused)).toEqual(new Set(['INSUFFICIENT_BALANCE']));
  });

  it('deducts once when the same order is paid 20 times at once', async () => {
    const { e, voucherId } = await holder();
    const order = anOrder(voucherId, 10_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.call(wallet.pay, order, e)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await balance(voucherId)).toBe(90_000);
    const entries = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ledger WHERE order_id = ${order.orderId}`.execute(service.db);
    expect(entries.rows[0]!.n).toBe(1);
  });
});

describe('WAL-1 the bag', () => {
  it('shows an available voucher past its expiry as expired, under expired and not under available, before the expiry job', async () => {
    const { e, voucherId } = await holder();
    await sql`UPDATE vouchers SET expires_at = now() - interval '1 day' WHERE id = ${voucherId}`.execute(service.db);
    const tab = async (state: 'available' | 'expired') =>
      (await client.call(wallet.myVouchers, { page: 1, pageSize: 20, state }, e)).items.map((v) => [v.id, v.state]);
    expect(await tab('expired')).toEqual([[voucherId, 'expired']]);
    expect(await tab('available')).toEqual([]);
    const all = await client.call(wallet.myVouchers, { page: 1, pageSize: 20 }, e);
    expect(all.items.map((v) => v.state)).toEqual(['expired']);
  });
});

describe('WAL-5 refund', () => {
  it('returns what was deducted once, the forfeit included', async () => {
    const { e, voucherId } = await holder('ONCE');
    const order = anOrder(voucherId, 30_000);
    await client.call(wallet.pay, order, e);
    const refunded = await client.call(wallet.refund, { orderId: order.orderId }, e);
    expect(refunded.state).toBe('refunded');
    await client.call(wallet.refund, { orderId: order.orderId }, e);
    expect(await balance(voucherId)).toBe(100_000);
    expect((await client.call(wallet.myVouchers, { page: 1, pageSize: 10, state: 'available' }, e)).total).toBe(1);
  });

  it('counts each payment and each refund once, in fen, however often they are asked (issue 19)', async () => {
    const counters = async () => {
      const text = await (await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`)).text();
      const value = (name: string) =>
        Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`${name}{`))
            ?.split(' ')
            .pop() ?? 0,
        );
      return {
        payments: value('payments_total'),
        paidFen: value('payments_fen_total'),
        refunds: value('refunds_total'),
        refundedFen: value('refunds_fen_total'),
      };
    };
    const { e, voucherId } = await holder();
    const before = await counters();
    const order = anOrder(voucherId, 30_000);
    await Promise.all([client.call(wallet.pay, order, e), client.call(wallet.pay, order, e)]);
    await client.call(wallet.refund, { orderId: order.orderId }, e);
    await client.call(wallet.refund, { orderId: order.orderId }, e);
    const after = await counters();
    expect({
      payments: after.payments - before.payments,
      paidFen: after.paidFen - before.paidFen,
      refunds: after.refunds - before.refunds,
      refundedFen: after.refundedFen - before.refundedFen,
    }).toEqual({ payments: 1, paidFen: 30_000, refunds: 1, refundedFen: 30_000 });
  });

  it('brings an expired voucher back as expired', async () => {
    const { e, voucherId } = await holder();
    const order = anOrder(voucherId, 30_000);
    await client.call(wallet.pay, order, e);
    await sql`UPDATE vouchers SET expires_at = now() - interval '1 day' WHERE id = ${voucherId}`.execute(service.db);
    await client.call(wallet.refund, { orderId: order.orderId }, e);
    const v = (
      await sql<{
        state: string;
        balance: number;
      }>`SELECT state, balance FROM vouchers WHERE id = ${voucherId}`.execute(service.db)
    ).rows[0];
    expect(v).toEqual({ state: 'expired', balance: 100_000 });
  });

  it("answers not found for another enterprise's order", async () => {
    const { e, voucherId } = await holder();
    const order = anOrder(voucherId, 1_000);
    await client.call(wallet.pay, order, e);
    expect(
      (await client.refusal(wallet.refund, { orderId: order.orderId }, { userId: uuidv7(), role: 'enterprise' })).code,
    ).toBe('NOT_FOUND');
  });
});

describe('ORD-9 provider cap and the programme ratio (§0b settings)', () => {
  const admin: Caller = { userId: uuidv7(), role: 'admin' };

  it("refuses a payment that would take a provider past its share of the city's issuance", async () => {
    const before = await client.call(wallet.getSettings, {}, admin);
    // announced issuance 2,000.00 yuan, cap 10%: a provider may receive 200.00 yuan of vouchers
    await client.call(
      wallet.putSettings,
      { ...before, cityIssuanceTotals: { 南京市: 200_000 }, providerCapPercent: 10 },
      admin,
    );
    try {
      const capped = uuidv7();
      const a = await holder();
      const b = await holder();
      await client.call(wallet.pay, anOrder(a.voucherId, 15_000, { providerId: capped }), a.e);
      const err = await client.refusal(wallet.pay, anOrder(b.voucherId, 6_000, { providerId: capped }), b.e);
      expect(err).toMatchObject({
        code: 'PROVIDER_CAP_REACHED',
        details: { city: '南京市', cap: 20_000, received: 15_000 },
      });
      expect(await balance(b.voucherId)).toBe(100_000);
      await client.call(wallet.pay, anOrder(b.voucherId, 5_000, { providerId: capped }), b.e);
      // another provider has its own share
      await client.call(wallet.pay, anOrder(b.voucherId, 6_000, { providerId: uuidv7() }), b.e);
    } finally {
      await client.call(wallet.putSettings, before, admin);
    }
  });

  it("applies the programme's deduction ratio to every order", async () => {
    const before = await client.call(wallet.getSettings, {}, admin);
    await client.call(wallet.putSettings, { ...before, deductionRatioPercent: 30 }, admin);
    try {
      const { e, voucherId } = await holder();
      const err = await client.refusal(wallet.pay, anOrder(voucherId, 40_000, { orderAmount: 100_000 }), e);
      expect(err).toMatchObject({ code: 'DEDUCTION_RULE', details: { rule: 'ratio', limit: 30_000 } });
    } finally {
      await client.call(wallet.putSettings, before, admin);
    }
  });

  it('are read and changed by an administrator only', async () => {
    const { e } = await holder();
    expect((await client.refusal(wallet.getSettings, {}, e)).code).toBe('FORBIDDEN');
  });
});

describe('a payment and a refund of one order racing', () => {
  it('ends with the refund applied once or not at all, and the balance right either way', async () => {
    for (let round = 0; round < 5; round++) {
      const { e, voucherId } = await holder();
      const order = anOrder(voucherId, 20_000);
      const [pay, refund] = await Promise.allSettled([
        client.call(wallet.pay, order, e),
        client.call(wallet.refund, { orderId: order.orderId }, e),
      ]);
      expect(pay.status).toBe('fulfilled');
      const refunded = refund.status === 'fulfilled';
      if (!refunded) expect((refund as PromiseRejectedResult).reason.code).toBe('NOT_FOUND');
      expect(await balance(voucherId)).toBe(refunded ? 100_000 : 80_000);
    }
  });
});

describe('the orders saga fence (settlePaymentAttempt)', () => {
  it('calls off a payment that has not arrived: the late pay deducts nothing', async () => {
    const { e, voucherId } = await holder();
    const order = anOrder(voucherId, 30_000);
    const fence = await client.call(
      wallet.settlePaymentAttempt,
      { orderId: order.orderId, enterpriseId: e.userId, providerId: provider },
      systemCaller,
    );
    expect(fence).toMatchObject({ state: 'void', total: 0, lines: [] });
    expect((await client.refusal(wallet.pay, order, e)).code).toBe('INVALID_STATE');
    const bag = await client.call(wallet.myVouchers, { page: 1, pageSize: 20 }, e);
    expect(bag.items.find((v) => v.id === voucherId)?.balance).toBe(100_000);
  });

  it('reports a payment that was made, and is the system’s alone to call', async () => {
    const { e, voucherId } = await holder();
    const order = anOrder(voucherId, 30_000);
    await client.call(wallet.pay, order, e);
    const settled = await client.call(
      wallet.settlePaymentAttempt,
      { orderId: order.orderId, enterpriseId: e.userId, providerId: provider },
      systemCaller,
    );
    expect(settled).toMatchObject({ state: 'paid', total: 30_000 });
    expect(
      (
        await client.refusal(
          wallet.settlePaymentAttempt,
          { orderId: order.orderId, enterpriseId: e.userId, providerId: provider },
          e,
        )
      ).code,
    ).toBe('FORBIDDEN');
  });
});

describe('A7: a payment is accepted only from orders, for an enterprise the gateway asserted', () => {
  async function forged(caller: (e: Caller) => Record<string, string>) {
    const { e, voucherId } = await holder();
    const orders = await client.busAs('orders');
    const h = natsHeaders();
    h.set('x-request-id', 'forged');
    // the orders service's own, valid credentials and sender assertion
    h.set(SENDER_HEADER, new BusAssertions(loadBusKeys(infra.busKeysDir, 'orders')).sender('wallet', false));
    for (const [k, v] of Object.entries(caller(e))) h.set(k, v);
    const msg = await orders.nc.request(
      orders.naming.subject(wallet.pay.subject),
      JSON.stringify(anOrder(voucherId, 30_000)),
      {
        headers: h,
        timeout: 5000,
      },
    );
    return { reply: msg.json<{ ok: boolean; error?: { code: string } }>(), voucherId };
  }

  it('refuses a payment with spoofed caller headers, sent straight to the wallet on valid credentials, and deducts nothing', async () => {
    const { reply, voucherId } = await forged((e) => ({ 'x-user-id': e.userId, 'x-role': 'enterprise' }));
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await balance(voucherId)).toBe(100_000);
  });

  it('refuses a caller assertion orders made with its own keys, as the gateway’s or its own, and deducts nothing', async () => {
    const ordersKeys = loadBusKeys(infra.busKeysDir, 'orders');
    for (const asGatewaySlot of [false, true]) {
      const { reply, voucherId } = await forged((e) => ({
        [CALLER_HEADER]: forgedCallerAssertion(ordersKeys, { userId: e.userId, role: 'enterprise' }, { asGatewaySlot }),
      }));
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await balance(voucherId)).toBe(100_000);
    }
  });

  it('refuses a payment or a refund sent by the gateway itself: only the orders saga sends them', async () => {
    const { e, voucherId } = await holder();
    const order = anOrder(voucherId, 30_000);
    expect((await client.bus.request(wallet.pay, order, { requestId: 'gw', caller: e }).catch((x) => x)).code).toBe(
      'FORBIDDEN',
    );
    await client.call(wallet.pay, order, e);
    expect(
      (
        await client.bus
          .request(wallet.refund, { orderId: order.orderId }, { requestId: 'gw', caller: e })
          .catch((x) => x)
      ).code,
    ).toBe('FORBIDDEN');
    expect(await balance(voucherId)).toBe(70_000);
  });
});

describe('payments decided in groups (WAL-4, ORD-9)', () => {
  const admin: Caller = { userId: uuidv7(), role: 'admin' };
  const received = async (providerId: string) =>
    Number(
      (
        await sql<{ n: string }>`SELECT coalesce(sum(received), 0)::text AS n FROM provider_receipts
          WHERE provider_id = ${providerId}`.execute(service.db)
      ).rows[0]!.n,
    );

  it('pays 40 enterprises paying at once, each exactly once, with its - entry', async () => {
    const holders = await Promise.all(Array.from({ length: 40 }, () => holder()));
    const shop = uuidv7();
    const paid = await Promise.all(
      holders.map((h, i) => client.call(wallet.pay, anOrder(h.voucherId, 1_000 + i, { providerId: shop }), h.e)),
    );
    expect(paid.map((p) => p.total)).toEqual(holders.map((_, i) => 1_000 + i));
    for (const [i, h] of holders.entries()) expect(await balance(h.voucherId)).toBe(100_000 - 1_000 - i);
    const entries = await sql<{
      n: number;
      sum: string;
    }>`SELECT count(*)::int AS n, sum(amount)::text AS sum FROM ledger
      WHERE order_id = ANY(${paid.map((p) => p.orderId)}::uuid[])`.execute(service.db);
    expect(entries.rows[0]).toEqual({ n: 40, sum: String(-(40 * 1_000 + (39 * 40) / 2)) });
    expect(await received(shop)).toBe(40 * 1_000 + (39 * 40) / 2);
  });

  it('writes nothing when a voucher changed after the payment was decided, and decides it again', async () => {
    const { e, voucherId } = await holder();
    const order = anOrder(voucherId, 30_000);
    const [read] = await readPayers(service.db, [
      { orderId: order.orderId, enterpriseId: e.userId, providerId: provider, voucherIds: [voucherId] },
    ]);
    const deduction = checkDeduction(order, e.userId, read!.vouchers, new Date());
    if (isRefusal(deduction)) throw new Error('the test decision was refused');
    // meanwhile another order spends from the same voucher
    await client.call(wallet.pay, anOrder(voucherId, 80_000), e);
    const stale = writePayments(service.db, [
      {
        orderId: order.orderId,
        enterpriseId: e.userId,
        providerId: provider,
        deduction,
        vouchers: read!.vouchers,
        caps: {},
        moves: [],
      },
    ]);
    await expect(stale).rejects.toMatchObject({ code: '40001' });
    const left = await sql`SELECT 1 FROM payments WHERE order_id = ${order.orderId}`.execute(service.db);
    expect(left.rows).toHaveLength(0);
    expect(await balance(voucherId)).toBe(20_000);
    // through the wallet the same order is decided on what the voucher holds now
    expect((await client.refusal(wallet.pay, order, e)).code).toBe('INSUFFICIENT_BALANCE');
  });

  it('never lets a provider past its cap when 30 enterprises pay it at once, and a refund frees its share', async () => {
    const before = await client.call(wallet.getSettings, {}, admin);
    // cap: 10% of 1,000.00 yuan = 100.00 yuan, room for 10 payments of 10.00 yuan
    await client.call(
      wallet.putSettings,
      { ...before, cityIssuanceTotals: { 南京市: 100_000 }, providerCapPercent: 10 },
      admin,
    );
    try {
      const shop = uuidv7();
      const holders = await Promise.all(Array.from({ length: 30 }, () => holder()));
      const orders = holders.map((h) => anOrder(h.voucherId, 1_000, { providerId: shop }));
      const results = await Promise.allSettled(holders.map((h, i) => client.call(wallet.pay, orders[i]!, h.e)));
      const paid = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(paid).toHaveLength(10);
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []));
      expect(new Set(refused)).toEqual(new Set(['PROVIDER_CAP_REACHED']));
      expect(await received(shop)).toBe(10_000);

      const first = paid[0]!;
      await client.call(wallet.refund, { orderId: orders[first]!.orderId }, holders[first]!.e);
      expect(await received(shop)).toBe(9_000);
      const again = holders.findIndex((_, i) => !paid.includes(i));
      await client.call(wallet.pay, anOrder(holders[again]!.voucherId, 1_000, { providerId: shop }), holders[again]!.e);
      expect(await received(shop)).toBe(10_000);
    } finally {
      await client.call(wallet.putSettings, before, admin);
    }
  });
});
