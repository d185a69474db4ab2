import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, wallet } from '@voucher/contracts';
import { testClient } from '@voucher/testing';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { adminToken, eventCount, qualifiedEnterprise, smsCode, staff } from './actors.ts';

let p: JourneyPlatform;
let admin: string;
beforeAll(async () => {
  // the draws' publications kept in the bus's Object Store, as a cluster keeps them (A8); the other journeys
  // run on the local driver
  p = await journeyPlatform('jlot', { STORAGE_DRIVER: 'nats' });
  admin = await adminToken(p);
});
afterAll(() => p?.close());

type Reservation = { category: string; state: string; results: { batchId: string; result: string }[] };
const mine = async (token: string): Promise<Reservation[]> =>
  (await p.api('GET', '/lottery/reservations/mine', undefined, token)).body.items;

describe('journey: a campaign drawn and published by the scheduler (DOMAIN §11 step 4, §11 step 8)', () => {
  it('reserves, draws batch 1 at its time, publishes at its time, carries losers into batch 2, and verifies', async () => {
    const officer = await staff(p, admin, 'district_officer', { district: '玄武区' });
    const approver = await staff(p, admin, 'approver');
    for (const [code, name] of [
      ['AUDIT', '审计服务专用券'],
      ['CERT', '体系认证服务专用券'],
    ]) {
      const res = await p.api(
        'POST',
        '/lottery/categories',
        { code, name, faceValue: 100000, validityDays: 180, redemptionMode: 'balance', annualLimit: 1 },
        approver,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const year = new Date().getFullYear();
    const enterprises: Awaited<ReturnType<typeof qualifiedEnterprise>>[] = [];
    for (let i = 0; i < 4; i++)
      enterprises.push(await qualifiedEnterprise(p, officer, `南京摇号第${i}号科技有限公司`, year));

    const t = Date.now();
    const at = (ms: number) => new Date(t + ms).toISOString();
    const created = await p.api(
      'POST',
      '/lottery/campaigns',
      {
        name: '2026年第一期服务券',
        mode: 'lottery',
        opensAt: at(-1000),
        closesAt: at(6000),
        categories: ['AUDIT', 'CERT'],
        batches: [
          { drawAt: at(7000), publishAt: at(9000), quotas: { AUDIT: 1, CERT: 1 } },
          { drawAt: at(10000), publishAt: at(12000), quotas: { AUDIT: 1 } },
        ],
      },
      approver,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [batch1, batch2] = created.body.batches.map((b: { id: string }) => b.id);
    const commitment = (await p.api('GET', `/lottery/batches/${batch1}/commitment`)).body.commitment;

    for (const e of enterprises) {
      const res = await p.api(
        'PUT',
        `/lottery/campaigns/${created.body.id}/reservation`,
        { categories: ['AUDIT', 'CERT'] },
        e.token,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const listing = await p.api('GET', '/lottery/campaigns?state=open', undefined, enterprises[0]!.token);
    expect(listing.body.items[0].reservable).toEqual([
      { category: 'AUDIT', reservable: true, reason: null, reserved: true },
      { category: 'CERT', reservable: true, reason: null, reserved: true },
    ]);

    // before its publication time nothing is public
    expect((await p.api('GET', `/lottery/batches/${batch1}/publication`)).body.error.code).toBe('NOT_PUBLISHED');
    // the scheduler draws and publishes batch 1 on its own
    await expect
      .poll(async () => (await mine(enterprises[0]!.token)).map((r) => r.results[0]?.result), {
        timeout: 20_000,
        interval: 250,
      })
      .not.toContain('pending');
    const publication = await p.api('GET', `/lottery/batches/${batch1}/publication`);
    expect(publication.status).toBe(200);
    expect(publication.body.commitment).toBe(commitment);
    expect(publication.body.categories.map((c: { winners: unknown[] }) => c.winners.length)).toEqual([1, 1]);
    expect(publication.body.categories[0].winners[0].company).toMatch(/^南京\*\*有限公司$/);
    expect((await p.api('POST', '/lottery/verify', publication.body)).body).toEqual({ valid: true, mismatches: [] });
    const tampered = structuredClone(publication.body);
    const audit = tampered.categories[0];
    audit.winners[0].reservationId = audit.eligible.find((id: string) => id !== audit.winners[0].reservationId);
    expect((await p.api('POST', '/lottery/verify', tampered)).body.valid).toBe(false);

    // batch 2: the three AUDIT losers are its eligible set; after it the rest are not drawn
    await expect
      .poll(async () => (await p.api('GET', `/lottery/batches/${batch2}/publication`)).status, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(200);
    const second = (await p.api('GET', `/lottery/batches/${batch2}/publication`)).body;
    expect(second.categories[0].eligible).toHaveLength(3);
    expect((await p.api('POST', '/lottery/verify', second)).body.valid).toBe(true);
    const all = (await Promise.all(enterprises.map((e) => mine(e.token)))).flat();
    expect(all.filter((r) => r.category === 'AUDIT' && r.state === 'won')).toHaveLength(2);
    expect(all.filter((r) => r.category === 'CERT' && r.state === 'won')).toHaveLength(1);
    expect(all.filter((r) => r.state === 'not_drawn')).toHaveLength(5);
    expect(await eventCount(p, lotteryEvents.batchPublished)).toBe(2);

    // DOMAIN §11 step 5: each win is a voucher in the winner's wallet with its + entry
    const bags = await Promise.all(enterprises.map((e) => p.api('GET', '/wallet/vouchers', undefined, e.token)));
    expect(bags.reduce((n, b) => n + b.body.total, 0)).toBe(3);
    const winner = enterprises[bags.findIndex((b) => b.body.total > 0)]!;
    const ledger = await p.api('GET', '/wallet/ledger', undefined, winner.token);
    expect(ledger.body.items[0]).toMatchObject({ kind: 'issue', amount: 100000, balanceAfter: 100000 });

    // step 5 goes on: the winner sets a payment PIN, forgets it, and resets it with an SMS code (WAL-2)
    expect((await p.api('PUT', '/wallet/pin', { pin: '246810', password: winner.password }, winner.token)).status).toBe(
      204,
    );
    expect(
      (await p.api('PUT', '/wallet/pin', { pin: '135790', oldPin: '000001' }, winner.token)).body.error,
    ).toMatchObject({
      code: 'PIN_INCORRECT',
      details: { attemptsLeft: 4 },
    });
    const code = await smsCode(p, winner.mobile, 'reset_pin');
    expect((await p.api('POST', '/wallet/pin/reset', { smsCode: code, newPin: '135790' }, winner.token)).status).toBe(
      204,
    );
    expect((await p.api('PUT', '/wallet/pin', { pin: '908172', oldPin: '135790' }, winner.token)).status).toBe(204);

    // a payment over the bus (as the orders service will make it) shows its - entry; a refund returns it; integrity holds
    const voucher = (await p.api('GET', '/wallet/vouchers', undefined, winner.token)).body.items[0];
    const bus = await testClient(p.iso);
    try {
      const orderId = uuidv7();
      const asWinner = { userId: winner.id, role: 'enterprise' as const };
      const paid = await bus.call(
        wallet.pay,
        {
          orderId,
          providerId: uuidv7(),
          orderAmount: 400000,
          quantity: 1,
          acceptedCategories: [voucher.category],
          maxVoucherPerUnit: 200000,
          vouchers: [{ voucherId: voucher.id, amount: 60000 }],
          pin: '908172',
        },
        asWinner,
      );
      expect(paid.total).toBe(60000);
      const bills = (await p.api('GET', '/wallet/ledger', undefined, winner.token)).body.items;
      expect(bills[0]).toMatchObject({ kind: 'payment', amount: -60000, balanceAfter: 40000, orderId });
      await bus.call(wallet.refund, { orderId }, asWinner);
      const after = (await p.api('GET', '/wallet/vouchers', undefined, winner.token)).body.items[0];
      expect(after).toMatchObject({ id: voucher.id, balance: 100000, state: 'available' });
    } finally {
      await bus.close();
    }
    const integrity = await p.api('GET', '/admin/wallet/integrity', undefined, admin);
    expect(integrity.body).toMatchObject({ ok: true, mismatches: [] });

    const jobs = await p.api('GET', '/admin/jobs', undefined, admin);
    expect(jobs.body.items.map((j: { name: string }) => j.name)).toEqual(
      expect.arrayContaining(['draw-due-batches', 'publish-due-results']),
    );
    const runs = await p.api('GET', '/admin/jobs/runs?job=draw-due-batches', undefined, admin);
    expect(runs.body.total).toBeGreaterThanOrEqual(2);
  });
});
