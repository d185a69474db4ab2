import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, wallet, type Caller } from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { announce, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { walletService } from '../src/service.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
let iso: Isolation;
let service: RunningService;
let client: TestClient;
const scheduler: Caller = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' };
const admin: Caller = { userId: uuidv7(), role: 'admin' };

beforeAll(async () => {
  iso = await isolate('walletlife');
  service = await startService(walletService, {
    env: { ...iso.env, WALLET_RECLAIM_DAYS: '30', METRICS_PORT: '0' },
    installSignals: false,
    migrationsDir,
  });
  client = await testClient(iso);
  await announce(client, service.db, lotteryEvents.categoryCreated, {
    code: 'AUDIT',
    name: '审计券',
    faceValue: 100_000,
    validityDays: 180,
    validUntil: null,
    redemptionMode: 'balance',
    annualLimit: 1,
  });
});
afterAll(async () => {
  await client.close();
  await service.stop();
  await iso.dispose();
});

async function voucher(published: Date): Promise<{ e: Caller; id: string }> {
  const e: Caller = { userId: uuidv7(), role: 'enterprise' };
  const id = uuidv7();
  await announce(client, service.db, lotteryEvents.winsRecorded, {
    batchId: uuidv7(),
    campaignId: uuidv7(),
    category: 'AUDIT',
    source: 'draw',
    visibleFrom: published.toISOString(),
    chunk: 0,
    wins: [{ winId: id, enterpriseId: e.userId, reservationId: uuidv7() }],
  });
  return { e, id };
}

const stateOf = async (id: string) =>
  (
    await sql<{ state: string; balance: number }>`SELECT state, balance FROM vouchers WHERE id = ${id}`.execute(
      service.db,
    )
  ).rows[0];

describe('WAL-6 expiry and reclaim', () => {
  it('expires vouchers past their expiry with a - entry, once however often the job runs', async () => {
    const { e, id } = await voucher(new Date(Date.now() - 1000));
    await sql`UPDATE vouchers SET expires_at = now() - interval '1 minute' WHERE id = ${id}`.execute(service.db);
    expect((await client.call(wallet.expireDue, {}, scheduler)).expired).toBeGreaterThanOrEqual(1);
    expect((await client.call(wallet.expireDue, {}, scheduler)).expired).toBe(0);
    expect(await stateOf(id)).toEqual({ state: 'expired', balance: 0 });
    const [entry] = (await client.call(wallet.myLedger, { page: 1, pageSize: 5 }, e)).items;
    expect(entry).toMatchObject({ kind: 'expiry', amount: -100_000, balanceAfter: 0 });
  });

  it('reclaims drawn vouchers untouched 30 days after publication, and only those', async () => {
    const old = await voucher(new Date(Date.now() - 31 * 86_400_000));
    const fresh = await voucher(new Date(Date.now() - 1000));
    expect((await client.call(wallet.reclaimDue, {}, scheduler)).reclaimed).toBeGreaterThanOrEqual(1);
    expect(await stateOf(old.id)).toEqual({ state: 'reclaimed', balance: 0 });
    expect(await stateOf(fresh.id)).toEqual({ state: 'available', balance: 100_000 });
  });

  it('are jobs for the scheduler, not for enterprises', async () => {
    expect((await client.refusal(wallet.expireDue, {}, { userId: uuidv7(), role: 'enterprise' })).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('WAL-3 integrity', () => {
  it('holds after issuing, expiry and reclaim, and names a voucher whose balance was tampered with', async () => {
    // issue 19: what the alert reads says nothing before the first check, then each check's outcome
    const ledgerOk = async () => {
      const text = await (await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`)).text();
      return text
        .split('\n')
        .find((l) => l.startsWith('ledger_integrity_ok{'))
        ?.split(' ')
        .pop();
    };
    expect(await ledgerOk()).toMatch(/^nan$/i);
    const before = await client.call(wallet.integrity, {}, admin);
    expect(await ledgerOk()).toBe('1');
    expect(before).toMatchObject({ ok: true, mismatches: [] });
    expect(before.totals.issued).toBe(
      before.totals.balances +
        before.totals.paid -
        before.totals.refunded +
        before.totals.forfeited +
        before.totals.expired +
        before.totals.reclaimed,
    );
    const { id } = await voucher(new Date(Date.now() - 1000));
    await sql`UPDATE vouchers SET balance = balance - 1 WHERE id = ${id}`.execute(service.db);
    const after = await client.call(wallet.integrity, {}, admin);
    expect(after.ok).toBe(false);
    expect(after.mismatches).toEqual([{ voucherId: id, problem: 'entries do not sum to the balance' }]);
    expect(await ledgerOk()).toBe('0');
    await sql`UPDATE vouchers SET balance = balance + 1 WHERE id = ${id}`.execute(service.db);
  });
});
