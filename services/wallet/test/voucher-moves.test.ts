import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  isRefusal,
  lotteryEvents,
  wallet,
  walletEvents,
  type Caller,
  type CategoryView,
  type DataOf,
  type PayRequest,
} from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { startService, type RunningService } from '@voucher/runtime';
import { announce, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { checkDeduction } from '../src/domain/deduction.ts';
import { movesToTell, paymentMoves } from '../src/domain/reminders.ts';
import { readPayers, writePayments } from '../src/store/payments.ts';
import { walletService } from '../src/service.ts';
import { identityStandIn, OWNER_PASSWORD } from './fixtures/identity-stand-in.ts';

/**
 * Issue 18 item 3: the enterprise's to-do `voucher_to_use` closes when a
 * reminded voucher leaves `available` and reopens when a refund brings it
 * back (WAL-4, WAL-5, WAL-6). Against the real PostgreSQL and NATS: the
 * wallet appends `evt.wallet.voucher.moved` for reminded vouchers only, in
 * the transaction that changes their state.
 */
const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
let iso: Isolation;
let service: RunningService;
let client: TestClient;
let identityPeer: Bus;
const PIN = '246810';
const DAY = 86_400_000;
const RECLAIM_DAYS = 30;
const provider = uuidv7();
const scheduler: Caller = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' };

const cloud: CategoryView = {
  code: 'CLOUD',
  name: '上云券',
  faceValue: 100_000,
  validityDays: 180,
  validUntil: null,
  redemptionMode: 'balance',
  annualLimit: 1,
};

beforeAll(async () => {
  iso = await isolate('walletmoves');
  service = await startService(walletService, {
    env: { ...iso.env, WALLET_RECLAIM_DAYS: String(RECLAIM_DAYS) },
    installSignals: false,
    migrationsDir,
  });
  client = await testClient(iso, { requestTimeoutMs: 30_000 });
  identityPeer = await identityStandIn(iso);
  await announce(client, service.db, lotteryEvents.categoryCreated, cloud);
});
afterAll(async () => {
  await identityPeer?.close();
  await client?.close();
  await service?.stop();
  await iso?.dispose();
});

/** An enterprise with a PIN and one drawn voucher, published `publishedDaysAgo` days ago, expiring in `expiresInDays`. */
async function holder({
  publishedDaysAgo = 0,
  expiresInDays = 100,
}: { publishedDaysAgo?: number; expiresInDays?: number } = {}): Promise<{ e: Caller; voucherId: string }> {
  const e: Caller = { userId: uuidv7(), role: 'enterprise' };
  const voucherId = uuidv7();
  await announce(client, service.db, lotteryEvents.winsRecorded, {
    batchId: uuidv7(),
    campaignId: uuidv7(),
    category: 'CLOUD',
    source: 'draw',
    visibleFrom: new Date(Date.now() - publishedDaysAgo * DAY - 1000).toISOString(),
    chunk: 0,
    wins: [{ winId: voucherId, enterpriseId: e.userId, reservationId: uuidv7() }],
  });
  await setExpiry(voucherId, expiresInDays);
  await client.call(wallet.setPin, { pin: PIN, password: OWNER_PASSWORD }, e);
  return { e, voucherId };
}

const setExpiry = (id: string, inDays: number) =>
  sql`UPDATE vouchers SET expires_at = now() + make_interval(secs => ${inDays * 86_400})
      WHERE id = ${id}`.execute(service.db);

/** A holder whose voucher expires in 5 days, reminded of it by the scheduler's job. */
async function reminded(): Promise<{ e: Caller; voucherId: string }> {
  const h = await holder({ expiresInDays: 5 });
  await client.call(wallet.remindDue, {}, scheduler);
  return h;
}

const anOrder = (voucherId: string, amount: number): PayRequest => ({
  orderId: uuidv7(),
  providerId: provider,
  orderAmount: 400_000,
  quantity: 1,
  acceptedCategories: ['CLOUD'],
  maxVoucherPerUnit: 200_000,
  vouchers: [{ voucherId, amount }],
  pin: PIN,
});

type Moved = DataOf<typeof walletEvents.voucherMoved>;

/** The `moved` events of a voucher in the wallet's outbox, in the order they were appended. */
async function movesOf(voucherId: string): Promise<Moved[]> {
  const r = await sql<{ data: Moved }>`
    SELECT envelope->'data' AS data FROM outbox
    WHERE subject = ${walletEvents.voucherMoved.type} AND envelope->'data'->>'voucherId' = ${voucherId}
    ORDER BY id`.execute(service.db);
  return r.rows.map((row) => row.data);
}

const stateOf = async (voucherId: string) =>
  (await sql<{ state: string }>`SELECT state FROM vouchers WHERE id = ${voucherId}`.execute(service.db)).rows[0]!.state;

describe('issue 18 item 3: which changes of a voucher are told (domain)', () => {
  it('tells a reminded voucher leaving available or coming back, and nothing else', () => {
    const move = (from: Moved['from'], to: Moved['to'], isReminded = true) => ({
      voucherId: uuidv7(),
      from,
      to,
      reminded: isReminded,
    });
    const told = [move('available', 'used'), move('available', 'expired'), move('used', 'available')];
    const silent = [
      move('available', 'used', false),
      move('available', 'available'),
      move('used', 'expired'),
      move('used', 'reclaimed'),
    ];
    expect(movesToTell([...told, ...silent])).toEqual(told);
  });

  it('WAL-4: a payment uses a voucher up only when it leaves it nothing', () => {
    const v = { id: uuidv7(), state: 'available', reminded: true };
    expect(paymentMoves([{ voucherId: v.id, balanceAfter: 0 }], [v])).toEqual([
      { voucherId: v.id, from: 'available', to: 'used', reminded: true },
    ]);
    expect(paymentMoves([{ voucherId: v.id, balanceAfter: 1 }], [v])).toEqual([]);
    expect(paymentMoves([{ voucherId: v.id, balanceAfter: 0 }], [{ ...v, reminded: false }])).toEqual([]);
  });
});

describe('issue 18 item 3: a reminded voucher leaving available is told, in the transaction that moves it', () => {
  it('tells a reminded voucher used up by a payment (WAL-4), with the order', async () => {
    const { e, voucherId } = await reminded();
    const order = anOrder(voucherId, 100_000);
    await client.call(wallet.pay, order, e);
    expect(await movesOf(voucherId)).toEqual([
      expect.objectContaining({
        voucherId,
        enterpriseId: e.userId,
        from: 'available',
        to: 'used',
        cause: 'payment',
        orderId: order.orderId,
        reminded: null,
      }),
    ]);
  });

  it('tells nothing of a voucher never reminded, used up or not', async () => {
    const { e, voucherId } = await holder();
    await client.call(wallet.pay, anOrder(voucherId, 100_000), e);
    expect(await stateOf(voucherId)).toBe('used');
    expect(await movesOf(voucherId)).toEqual([]);
  });

  it('tells nothing of a reminded voucher a payment leaves a balance on: it is still to be used', async () => {
    const { e, voucherId } = await reminded();
    await client.call(wallet.pay, anOrder(voucherId, 40_000), e);
    expect(await stateOf(voucherId)).toBe('available');
    expect(await movesOf(voucherId)).toEqual([]);
  });

  it('appends no event when the payment is not written, and counts a voucher reminded since it was read as changed', async () => {
    const { e, voucherId } = await holder({ expiresInDays: 5 });
    const order = anOrder(voucherId, 100_000);
    const [read] = await readPayers(service.db, [
      { orderId: order.orderId, enterpriseId: e.userId, providerId: provider, voucherIds: [voucherId] },
    ]);
    const deduction = checkDeduction(order, e.userId, read!.vouchers, new Date());
    if (isRefusal(deduction)) throw new Error('the test decision was refused');
    // decided on the voucher unreminded; the scheduler reminds it before the payment is written
    await client.call(wallet.remindDue, {}, scheduler);
    const stale = writePayments(service.db, [
      {
        orderId: order.orderId,
        enterpriseId: e.userId,
        providerId: provider,
        deduction,
        vouchers: read!.vouchers,
        caps: {},
        moves: paymentMoves(deduction.lines, read!.vouchers),
      },
    ]);
    await expect(stale).rejects.toMatchObject({ code: '40001' });
    expect(await stateOf(voucherId)).toBe('available');
    expect(await movesOf(voucherId)).toEqual([]);
    // decided again on what the voucher is now, the payment is written with its event
    await client.call(wallet.pay, order, e);
    expect((await movesOf(voucherId)).map((m) => [m.to, m.orderId])).toEqual([['used', order.orderId]]);
  });

  it('tells a reminded voucher expired by the job (WAL-6), and not one never reminded', async () => {
    const told = await reminded();
    const silent = await holder({ expiresInDays: 100 });
    await setExpiry(told.voucherId, -0.01);
    await setExpiry(silent.voucherId, -0.01);
    await client.call(wallet.expireDue, {}, scheduler);
    expect(await stateOf(told.voucherId)).toBe('expired');
    expect(await movesOf(told.voucherId)).toEqual([
      expect.objectContaining({ from: 'available', to: 'expired', cause: 'expiry', orderId: null }),
    ]);
    expect(await stateOf(silent.voucherId)).toBe('expired');
    expect(await movesOf(silent.voucherId)).toEqual([]);
  });

  it('tells a drawn voucher reminded of its reclaim and then reclaimed unused (WAL-6)', async () => {
    // published 25 days ago: reclaimed in 5 days unless used, reminded of that
    const { voucherId } = await holder({ publishedDaysAgo: RECLAIM_DAYS - 5 });
    await client.call(wallet.remindDue, {}, scheduler);
    await sql`UPDATE vouchers SET visible_from = now() - make_interval(days => ${RECLAIM_DAYS + 1})
              WHERE id = ${voucherId}`.execute(service.db);
    await client.call(wallet.reclaimDue, {}, scheduler);
    expect(await movesOf(voucherId)).toEqual([
      expect.objectContaining({ from: 'available', to: 'reclaimed', cause: 'reclaim' }),
    ]);
  });
});

describe('issue 18 item 3: a refund brings a reminded voucher back to available (WAL-5)', () => {
  it('tells it back, with the deadline it was reminded of, when refunded before its expiry', async () => {
    const { e, voucherId } = await reminded();
    const order = anOrder(voucherId, 100_000);
    await client.call(wallet.pay, order, e);
    await client.call(wallet.refund, { orderId: order.orderId }, e);
    const expiresAt = (
      await sql<{ expires_at: Date }>`SELECT expires_at FROM vouchers WHERE id = ${voucherId}`.execute(service.db)
    ).rows[0]!.expires_at;
    const [, back] = await movesOf(voucherId);
    expect(back).toMatchObject({
      from: 'used',
      to: 'available',
      cause: 'refund',
      orderId: order.orderId,
      reminded: { category: 'CLOUD', categoryName: '上云券', balance: 100_000, deadline: 'expiry' },
    });
    expect(new Date(back!.reminded!.endsAt).getTime()).toBe(expiresAt.getTime());
  });

  it('tells nothing when the refund comes after its expiry: it comes back expired', async () => {
    const { e, voucherId } = await reminded();
    const order = anOrder(voucherId, 100_000);
    await client.call(wallet.pay, order, e);
    await setExpiry(voucherId, -0.01);
    await client.call(wallet.refund, { orderId: order.orderId }, e);
    expect(await stateOf(voucherId)).toBe('expired');
    expect((await movesOf(voucherId)).map((m) => m.to)).toEqual(['used']);
  });

  it('tells a voucher of an order reclaimed without its contract (ORD-5) once, never as back in available', async () => {
    // used up by the order: the to-do closed with the payment, and the reclaim tells nothing more
    const usedUp = await reminded();
    const first = anOrder(usedUp.voucherId, 100_000);
    await client.call(wallet.pay, first, usedUp.e);
    await client.call(wallet.reclaimOrder, { orderId: first.orderId }, scheduler);
    expect(await stateOf(usedUp.voucherId)).toBe('reclaimed');
    expect((await movesOf(usedUp.voucherId)).map((m) => [m.from, m.to, m.cause])).toEqual([
      ['available', 'used', 'payment'],
    ]);
    // a balance left on it: still available until the reclaim takes it
    const partly = await reminded();
    const second = anOrder(partly.voucherId, 40_000);
    await client.call(wallet.pay, second, partly.e);
    await client.call(wallet.reclaimOrder, { orderId: second.orderId }, scheduler);
    expect((await movesOf(partly.voucherId)).map((m) => [m.from, m.to, m.cause, m.orderId])).toEqual([
      ['available', 'reclaimed', 'reclaim', second.orderId],
    ]);
  });
});
