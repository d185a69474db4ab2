import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, reminderWindows, wallet, walletEvents, type Caller, type DataOf } from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { announce, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { walletService } from '../src/service.ts';

/**
 * Issue 18 item 2: a voucher expiring in 7 days, and again in 1 day; GD's
 * reclaim of vouchers not used within 30 days (WAL-6), reminded the same way.
 * Against the real PostgreSQL and NATS: the job's command, the reminders
 * recorded and the events in the wallet's outbox.
 */
const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
let iso: Isolation;
let service: RunningService;
let client: TestClient;
const scheduler: Caller = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' };
const DAY = 86_400_000;

beforeAll(async () => {
  iso = await isolate('walletremind');
  service = await startService(walletService, {
    env: { ...iso.env, WALLET_RECLAIM_DAYS: '30' },
    installSignals: false,
    migrationsDir,
  });
  client = await testClient(iso);
  await announce(client, service.db, lotteryEvents.categoryCreated, {
    code: 'CLOUD',
    name: '上云券',
    faceValue: 200_000,
    validityDays: 180,
    validUntil: null,
    redemptionMode: 'balance',
    annualLimit: 1,
  });
});
afterAll(async () => {
  await client?.close();
  await service?.stop();
  await iso?.dispose();
});

/** A drawn voucher, published `publishedDaysAgo` days ago, expiring `expiresInDays` days from now. */
async function voucher(
  publishedDaysAgo: number,
  expiresInDays: number,
  source: 'draw' | 'grab' = 'draw',
): Promise<{ enterpriseId: string; id: string }> {
  const enterpriseId = uuidv7();
  const id = uuidv7();
  await announce(client, service.db, lotteryEvents.winsRecorded, {
    batchId: uuidv7(),
    campaignId: uuidv7(),
    category: 'CLOUD',
    source,
    visibleFrom: new Date(Date.now() - publishedDaysAgo * DAY).toISOString(),
    chunk: 0,
    wins: [{ winId: id, enterpriseId, reservationId: uuidv7() }],
  });
  await setExpiry(id, expiresInDays);
  return { enterpriseId, id };
}

const setExpiry = (id: string, inDays: number) =>
  sql`UPDATE vouchers SET expires_at = now() + make_interval(secs => ${inDays * 86_400})
      WHERE id = ${id}`.execute(service.db);

type Reminder = DataOf<typeof walletEvents.voucherExpiring>;

/** The reminders of a voucher in the wallet's outbox, in the order they were appended. */
async function remindersOf(voucherId: string): Promise<Reminder[]> {
  const r = await sql<{ data: Reminder }>`
    SELECT envelope->'data' AS data FROM outbox
    WHERE subject = ${walletEvents.voucherExpiring.type} AND envelope->'data'->>'voucherId' = ${voucherId}
    ORDER BY id`.execute(service.db);
  return r.rows.map((row) => row.data);
}

const runJob = () => client.call(wallet.remindDue, {}, scheduler);

describe('issue 18: a voucher expiring in 7 days, and again in 1 day', () => {
  it('reminds an available voucher 7 days before its expiry and again 1 day before, once each however often the job runs', async () => {
    const v = await voucher(0, 6.5);
    expect((await runJob()).expiry).toBeGreaterThanOrEqual(1);
    await runJob();
    const first = await remindersOf(v.id);
    expect(first).toEqual([
      expect.objectContaining({
        voucherId: v.id,
        enterpriseId: v.enterpriseId,
        category: 'CLOUD',
        categoryName: '上云券',
        balance: 200_000,
        deadline: 'expiry',
        daysLeft: 7,
      }),
    ]);
    expect(first[0]!.voucherNumber).toMatch(/^\d{11}$/);
    expect(new Date(first[0]!.endsAt).getTime()).toBe(new Date(first[0]!.expiresAt).getTime());

    await setExpiry(v.id, 0.8);
    await runJob();
    await runJob();
    expect((await remindersOf(v.id)).map((r) => [r.deadline, r.daysLeft])).toEqual([
      ['expiry', 7],
      ['expiry', 1],
    ]);
    // running again once everything is reminded changes nothing
    expect(await runJob()).toMatchObject({ reminded: 0 });
  });

  it('gives a voucher first found within a day of its expiry the 1-day reminder only', async () => {
    const v = await voucher(0, 0.5);
    await runJob();
    expect((await remindersOf(v.id)).map((r) => r.daysLeft)).toEqual([1]);
  });

  it('does not remind a voucher whose expiry is more than 7 days away', async () => {
    const v = await voucher(0, 7.5);
    await runJob();
    expect(await remindersOf(v.id)).toEqual([]);
  });

  it('does not remind a used, an expired, a reclaimed or a not yet published voucher', async () => {
    const used = await voucher(0, 3);
    await sql`UPDATE vouchers SET state = 'used', balance = 0 WHERE id = ${used.id}`.execute(service.db);
    const expired = await voucher(0, 3);
    await sql`UPDATE vouchers SET state = 'expired', balance = 0 WHERE id = ${expired.id}`.execute(service.db);
    const reclaimed = await voucher(0, 3);
    await sql`UPDATE vouchers SET state = 'reclaimed', balance = 0 WHERE id = ${reclaimed.id}`.execute(service.db);
    // LOT-7: drawn, but its batch is published tomorrow: nobody may learn of it yet
    const hidden = await voucher(-1, 3);
    const pastExpiry = await voucher(0, -0.1);
    await runJob();
    for (const v of [used, expired, reclaimed, hidden, pastExpiry]) expect(await remindersOf(v.id)).toEqual([]);
  });

  it('records each reminder once per voucher, deadline and threshold', async () => {
    const v = await voucher(0, 2);
    await Promise.all([runJob(), runJob(), runJob()]);
    const rows = await sql<{ deadline: string; threshold: number }>`
      SELECT deadline, threshold FROM voucher_reminders WHERE voucher_id = ${v.id}`.execute(service.db);
    expect(rows.rows).toEqual([{ deadline: 'expiry', threshold: 7 }]);
    expect(await remindersOf(v.id)).toHaveLength(1);
  });

  it('is a job for the scheduler, not for enterprises', async () => {
    expect((await client.refusal(wallet.remindDue, {}, { userId: uuidv7(), role: 'enterprise' })).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('issue 18: GD reclaims vouchers not used within 30 days (WAL-6), reminded before', () => {
  it('reminds a drawn, untouched voucher 7 days and 1 day before the programme reclaims it', async () => {
    const v = await voucher(24, 150);
    await runJob();
    const [seven] = await remindersOf(v.id);
    expect(seven).toMatchObject({ deadline: 'reclaim', daysLeft: 7 });
    // the reclaim date is the publication plus 30 days
    const published = (
      await sql<{ visible_from: Date }>`SELECT visible_from FROM vouchers WHERE id = ${v.id}`.execute(service.db)
    ).rows[0]!.visible_from;
    expect(new Date(seven!.endsAt).getTime()).toBe(published.getTime() + 30 * DAY);

    await sql`UPDATE vouchers SET visible_from = visible_from - interval '5 days 12 hours' WHERE id = ${v.id}`.execute(
      service.db,
    );
    await runJob();
    await runJob();
    expect((await remindersOf(v.id)).map((r) => [r.deadline, r.daysLeft])).toEqual([
      ['reclaim', 7],
      ['reclaim', 1],
    ]);
  });

  it('does not remind of a reclaim that will not happen: a voucher partly used, grabbed, or expiring first', async () => {
    const partlyUsed = await voucher(25, 150);
    await sql`UPDATE vouchers SET balance = balance - 1000 WHERE id = ${partlyUsed.id}`.execute(service.db);
    const grabbed = await voucher(25, 150, 'grab');
    const expiringFirst = await voucher(25, 3);
    await runJob();
    expect(await remindersOf(partlyUsed.id)).toEqual([]);
    expect(await remindersOf(grabbed.id)).toEqual([]);
    // its expiry comes before the reclaim: that is the deadline it is reminded of
    expect((await remindersOf(expiringFirst.id)).map((r) => [r.deadline, r.daysLeft])).toEqual([['expiry', 7]]);
  });
});

describe('issue 18: the reminder windows', () => {
  it('are 1 day and 7 days before the deadline, without overlapping', () => {
    expect(reminderWindows).toEqual([
      { threshold: 1, fromDays: 0 },
      { threshold: 7, fromDays: 1 },
    ]);
  });
});
