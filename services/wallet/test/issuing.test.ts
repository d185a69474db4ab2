import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, wallet, type Caller, type CategoryView } from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { announce, isolate, publishEvent, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { programmeYear } from '@voucher/kit';
import { walletService } from '../src/service.ts';
import { endOfDayIn, voucherNumber } from '../src/domain/expiry.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
let iso: Isolation;
let service: RunningService;
let client: TestClient;

const AUDIT: CategoryView = {
  code: 'AUDIT',
  name: '审计服务专用券',
  faceValue: 100_000,
  validityDays: 180,
  validUntil: null,
  redemptionMode: 'balance',
  annualLimit: 1,
};

beforeAll(async () => {
  iso = await isolate('walletissue');
  service = await startService(walletService, { env: iso.env, installSignals: false, migrationsDir });
  client = await testClient(iso);
  await announce(client, service.db, lotteryEvents.categoryCreated, AUDIT);
});
afterAll(async () => {
  await client.close();
  await service.stop();
  await iso.dispose();
});

/** The wins of one chunk, as the lottery announces them (LOT-8). */
function wins(enterprises: Caller[], visibleFrom: Date | null, batchId: string | null = uuidv7()) {
  return {
    batchId,
    campaignId: uuidv7(),
    category: 'AUDIT',
    source: batchId ? ('draw' as const) : ('grab' as const),
    visibleFrom: visibleFrom?.toISOString() ?? null,
    chunk: 0,
    wins: enterprises.map((e) => ({ winId: uuidv7(), enterpriseId: e.userId, reservationId: uuidv7() })),
  };
}
const enterprise = (): Caller => ({ userId: uuidv7(), role: 'enterprise' });

describe('A7: only the lottery announces wins', () => {
  it('refuses a wins event published by any other identity, and mints no voucher', async () => {
    const e = enterprise();
    const envelope = JSON.stringify({
      id: uuidv7(),
      type: lotteryEvents.winsRecorded.type,
      occurredAt: new Date().toISOString(),
      producer: 'lottery',
      version: 1,
      data: wins([e], new Date(Date.now() - 1000)),
    });
    for (const identity of ['wallet', 'orders', 'gateway']) {
      const bus = await client.busAs(identity);
      await expect(bus.js.publish(bus.naming.subject(lotteryEvents.winsRecorded.type), envelope)).rejects.toThrow();
    }
    // a real win announced after them is applied, so theirs would have been by now
    const other = enterprise();
    await announce(client, service.db, lotteryEvents.winsRecorded, wins([other], new Date(Date.now() - 1000)));
    expect((await client.call(wallet.myVouchers, { page: 1, pageSize: 20 }, other)).total).toBe(1);
    expect((await client.call(wallet.myVouchers, { page: 1, pageSize: 20 }, e)).total).toBe(0);
  });
});

describe('issuing vouchers from wins (LOT-8, issue 6 §1)', () => {
  it('issues one voucher per win with its + entry, visible from the publication', async () => {
    const e = enterprise();
    const published = new Date(Date.now() - 1000);
    await announce(client, service.db, lotteryEvents.winsRecorded, wins([e], published));
    const bag = await client.call(wallet.myVouchers, { page: 1, pageSize: 20 }, e);
    expect(bag.total).toBe(1);
    const v = bag.items[0]!;
    expect(v).toMatchObject({
      category: 'AUDIT',
      categoryName: '审计服务专用券',
      faceValue: 100_000,
      balance: 100_000,
      state: 'available',
    });
    expect(v.number).toMatch(/^\d{4}\d{7}$/);
    expect(new Date(v.expiresAt).getTime()).toBe(published.getTime() + 180 * 86_400_000);
    const ledger = await client.call(wallet.myLedger, { page: 1, pageSize: 20 }, e);
    expect(ledger.items.map((l) => [l.kind, l.amount, l.balanceAfter, l.voucherNumber])).toEqual([
      ['issue', 100_000, 100_000, v.number],
    ]);
  });

  it('keeps a voucher hidden until its batch is published (LOT-7)', async () => {
    const e = enterprise();
    await announce(client, service.db, lotteryEvents.winsRecorded, wins([e], new Date(Date.now() + 3_600_000)));
    expect((await client.call(wallet.myVouchers, { page: 1, pageSize: 20 }, e)).total).toBe(0);
    expect((await client.call(wallet.myLedger, { page: 1, pageSize: 20 }, e)).total).toBe(0);
    const hidden = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM vouchers WHERE enterprise_id = ${e.userId}`.execute(service.db);
    expect(hidden.rows[0]!.n).toBe(1);
  });

  it('issues nothing twice: the same wins in a redelivered or repeated event', async () => {
    const e = enterprise();
    const chunk = wins([e], new Date(Date.now() - 1000));
    await announce(client, service.db, lotteryEvents.winsRecorded, chunk);
    await announce(client, service.db, lotteryEvents.winsRecorded, chunk);
    expect((await client.call(wallet.myVouchers, { page: 1, pageSize: 20 }, e)).total).toBe(1);
    expect((await client.call(wallet.myLedger, { page: 1, pageSize: 20 }, e)).total).toBe(1);
  });

  it('issues a chunk of 1,000 wins with unique serial numbers in one go', async () => {
    const people = Array.from({ length: 1000 }, enterprise);
    const t = Date.now();
    await announce(client, service.db, lotteryEvents.winsRecorded, wins(people, new Date(Date.now() - 1000)));
    expect(Date.now() - t).toBeLessThan(5000);
    const r = await sql<{
      n: number;
      numbers: number;
    }>`SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers
      FROM vouchers WHERE enterprise_id = ANY(${people.map((p) => p.userId)}::uuid[])`.execute(service.db);
    expect(r.rows[0]).toEqual({ n: 1000, numbers: 1000 });
  });

  it('issues the chunks of one draw side by side, never a number twice', async () => {
    const people = Array.from({ length: 1600 }, enterprise);
    const batchId = uuidv7();
    const chunks = Array.from({ length: 8 }, (_, i) => ({
      ...wins(people.slice(i * 200, (i + 1) * 200), new Date(Date.now() - 1000), batchId),
      chunk: i,
    }));
    await Promise.all(chunks.map((c) => publishEvent(client, lotteryEvents.winsRecorded, c)));
    const issued = async () =>
      (
        await sql<{ n: number; numbers: number; years: string[] }>`
          SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers,
                 array_agg(DISTINCT left(number::text, 4)) AS years
          FROM vouchers WHERE batch_id = ${batchId}`.execute(service.db)
      ).rows[0]!;
    for (let tries = 0; (await issued()).n < 1600 && tries < 200; tries++) await new Promise((r) => setTimeout(r, 50));
    expect(await issued()).toEqual({
      n: 1600,
      numbers: 1600,
      years: [String(programmeYear(new Date(), 'Asia/Shanghai'))],
    });
  });

  it('refuses to change or delete a ledger entry (WAL-3)', async () => {
    const err = await sql`UPDATE ledger SET amount = 1`.execute(service.db).catch((e) => e);
    expect(String(err.message)).toContain('never changed');
  });

  it('shows the bag only to enterprises', async () => {
    expect(
      (await client.refusal(wallet.myVouchers, { page: 1, pageSize: 20 }, { userId: uuidv7(), role: 'provider' })).code,
    ).toBe('FORBIDDEN');
  });
});

describe('voucher numbers and expiry dates', () => {
  it('numbers vouchers by year then serial', () => {
    expect(voucherNumber(2026, 1)).toBe(20260000001);
  });
  it('ends a fixed validity date at midnight in the programme zone', () => {
    expect(endOfDayIn('2026-12-31', 'Asia/Shanghai').toISOString()).toBe('2026-12-31T15:59:59.999Z');
  });
});
