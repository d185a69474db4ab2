import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, wallet, type Caller } from '@voucher/contracts';
import { createDb, createPool } from '@voucher/db';
import { startService, type RunningService } from '@voucher/runtime';
import { announce, isolate, publishEvent, testClient, type Isolation, type TestClient } from '@voucher/testing';
import type { Bus } from '@voucher/bus';
import { walletService } from '../src/service.ts';
import { identityStandIn, OWNER_PASSWORD } from './fixtures/identity-stand-in.ts';

const here = dirname(fileURLToPath(import.meta.url));
const migrationsDir = join(here, '..', 'migrations');
const admin: Caller = { userId: uuidv7(), role: 'admin' };
const scheduler: Caller = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' };
let iso: Isolation;
let client: TestClient;
let service: RunningService | undefined;
let identityPeer: Bus;

beforeAll(async () => {
  iso = await isolate('walletfault');
  client = await testClient(iso, { requestTimeoutMs: 30_000 });
  identityPeer = await identityStandIn(iso);
});
afterAll(async () => {
  await identityPeer.close();
  await client.close();
  await service?.stop();
  await iso.dispose();
});

async function publishWins(count: number): Promise<string[]> {
  const winIds: string[] = [];
  for (let c = 0; c * 1000 < count; c++) {
    const wins = Array.from({ length: Math.min(1000, count - c * 1000) }, () => ({
      winId: uuidv7(),
      enterpriseId: uuidv7(),
      reservationId: null,
    }));
    winIds.push(...wins.map((w) => w.winId));
    const data = {
      batchId: uuidv7(),
      campaignId: uuidv7(),
      category: 'AUDIT',
      source: 'draw' as const,
      visibleFrom: new Date(Date.now() - 1000).toISOString(),
      chunk: c,
      wins,
    };
    await publishEvent(client, lotteryEvents.winsRecorded, data);
  }
  return winIds;
}

describe('faults', () => {
  it('issues every win exactly once after a SIGKILL in the middle of 10,000 wins', async () => {
    const watcherPool = createPool(iso.databaseUrl, 'wallet', 1);
    const watcher = createDb<any>(watcherPool);
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'wallet-process.ts')], {
      env: { ...process.env, ...iso.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await announce(client, watcher, lotteryEvents.categoryCreated, {
      code: 'AUDIT',
      name: '审计券',
      faceValue: 100_000,
      validityDays: 180,
      validUntil: null,
      redemptionMode: 'balance',
      annualLimit: 1,
    });
    const winIds = await publishWins(10_000);
    const issued = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM vouchers`.execute(watcher)).rows[0]!.n;
    // kill it once it has begun and before it has finished
    await expect.poll(issued, { timeout: 20_000, interval: 5 }).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await exited;
    expect(await issued()).toBeLessThan(10_000);
    await watcherPool.end();

    service = await startService(walletService, { env: iso.env, installSignals: false, migrationsDir });
    await expect
      .poll(
        async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM vouchers`.execute(service!.db)).rows[0]!.n,
        {
          timeout: 30_000,
          interval: 100,
        },
      )
      .toBe(10_000);
    const perWin = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM vouchers WHERE id = ANY(${winIds}::uuid[])`.execute(service.db);
    expect(perWin.rows[0]!.n).toBe(10_000);
    const issues = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger WHERE kind = 'issue'`.execute(
      service.db,
    );
    expect(issues.rows[0]!.n).toBe(10_000);
    expect((await client.call(wallet.integrity, {}, admin)).ok).toBe(true);
  }, 90_000);

  it('never pays with a voucher the expiry job has ended, and the ledger still balances', async () => {
    const svc = service!;
    const holders = (
      await sql<{ id: string; enterprise_id: string }>`SELECT id, enterprise_id FROM vouchers LIMIT 20`.execute(svc.db)
    ).rows;
    for (const h of holders)
      await client.call(
        wallet.setPin,
        { pin: '246810', password: OWNER_PASSWORD },
        { userId: h.enterprise_id, role: 'enterprise' },
      );
    await sql`UPDATE vouchers SET expires_at = now() + interval '300 milliseconds' WHERE id = ANY(${holders.map((h) => h.id)}::uuid[])`.execute(
      svc.db,
    );
    const until = Date.now() + 700;
    const payments = holders.map(async (h) => {
      while (Date.now() < until) {
        await client
          .call(
            wallet.pay,
            {
              orderId: uuidv7(),
              providerId: uuidv7(),
              orderAmount: 10_000,
              quantity: 1,
              acceptedCategories: ['AUDIT'],
              maxVoucherPerUnit: 10_000,
              vouchers: [{ voucherId: h.id, amount: 500 }],
              pin: '246810',
            },
            { userId: h.enterprise_id, role: 'enterprise' },
          )
          .catch(() => undefined);
      }
    });
    const expiring = (async () => {
      while (Date.now() < until) await client.call(wallet.expireDue, {}, scheduler);
    })();
    await Promise.all([...payments, expiring]);
    await client.call(wallet.expireDue, {}, scheduler);
    const late = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ledger p JOIN ledger x ON x.voucher_id = p.voucher_id AND x.kind = 'expiry'
      WHERE p.kind = 'payment' AND p.at > x.at AND p.voucher_id = ANY(${holders.map((h) => h.id)}::uuid[])`.execute(
      svc.db,
    );
    expect(late.rows[0]!.n).toBe(0);
    const states = await sql<{
      state: string;
    }>`SELECT DISTINCT state FROM vouchers WHERE id = ANY(${holders.map((h) => h.id)}::uuid[])`.execute(svc.db);
    expect(states.rows.map((r) => r.state)).toEqual(['expired']);
    expect((await client.call(wallet.integrity, {}, admin)).ok).toBe(true);
  });
});
