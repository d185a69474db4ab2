// The platform as several hosts run it (ARCHITECTURE A8), on loopback: three
// NATS nodes, two replicas of every service, HAProxy in front of the
// gateways. One fault at a time: a NATS node, a gateway and a
// replica of every service are SIGKILLed under traffic, and nothing is lost
// or doubled.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_STREAM } from '@voucher/bus';
import { operatorBus } from '@voucher/testing';
import { SERVICES } from '../../scripts/platform.mjs';
import {
  account,
  adminToken,
  certCampaign,
  firstComeCampaign,
  PNG,
  qualifiedEnterprise,
  staff,
  upload,
} from './actors.ts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';

let p: JourneyPlatform;
let officer: string;
let approver: string;
beforeAll(async () => {
  p = await journeyPlatform('cluster', {}, { cluster: true });
  const admin = await adminToken(p);
  officer = await staff(p, admin, 'district_officer', { district: '玄武区' });
  approver = await staff(p, admin, 'approver');
}, 240_000);
afterAll(async () => {
  await p?.close();
});

const clusterBus = () => operatorBus(p.iso.busPrefix, { url: p.iso.env.NATS_URL!, keysDir: p.iso.env.BUS_KEYS_DIR! });

/** `count` qualified enterprises of this year, made one after another. */
async function enterprises(count: number, name: string) {
  const year = new Date().getFullYear();
  const made = [];
  for (let i = 0; i < count; i++) made.push(await qualifiedEnterprise(p, officer, `${name}${i}有限公司`, year));
  return made;
}

/** The vouchers in an enterprise's wallet, once its claim's events have settled. */
async function vouchersOf(token: string): Promise<number> {
  return (await p.api('GET', '/wallet/vouchers', undefined, token)).body.items.length as number;
}

describe('a cluster of three NATS nodes (A8)', () => {
  it('keeps the events stream, the dead letters and every durable consumer on all three', async () => {
    const bus = await clusterBus();
    try {
      for (const base of [EVENTS_STREAM, 'DEAD_LETTERS']) {
        const name = bus.naming.stream(base);
        const info = await bus.jsm.streams.info(name).catch(() => null);
        if (!info) continue;
        expect(info.config.num_replicas, name).toBe(3);
        expect(info.cluster?.replicas?.length, name).toBe(2);
      }
      const events = bus.naming.stream(EVENTS_STREAM);
      const consumers = [];
      for await (const c of bus.jsm.consumers.list(events)) consumers.push(c);
      expect(consumers.length).toBeGreaterThan(10);
      for (const c of consumers) expect(c.cluster?.replicas?.length, c.name).toBe(2);
    } finally {
      await bus.close();
    }
  });
});

describe('files shared by the gateways (STORAGE_DRIVER=nats, A8)', () => {
  it('serves a file uploaded through one gateway from the other, to its owner alone', async () => {
    const [owner, stranger] = [await account(p, 'enterprise'), await account(p, 'enterprise')];
    const bytes = Buffer.concat([PNG, randomBytes(400_000)]);
    const fileId = await upload(p, owner.token, 'business_licence', bytes, '营业执照.png');
    const [, other] = p.platform.gatewayUrls;
    const download = (token: string) =>
      fetch(`${other}/api/v1/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
    const got = await download(owner.token);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await download(stranger.token)).status).toBe(404);
  });
});

describe('faults survived (A8): nothing lost, nothing doubled', () => {
  it('hands out a first-come stock while a NATS node is SIGKILLed and restarted: one voucher per admitted claim, none oversold', async () => {
    const campaignId = await certCampaign(p, approver);
    const claimants = await enterprises(6, '断点抢券');
    // lottery learns of the qualifications from their events
    await expect
      .poll(
        async () =>
          (await p.api('POST', `/lottery/campaigns/${campaignId}/claims`, { category: 'CERT' }, claimants[0]!.token))
            .status,
        { timeout: 15_000 },
      )
      .toBe(201);
    const killed = p.cluster!.nats.kill(0);
    const answers = await Promise.all(
      claimants.slice(1).map(async (e) => {
        const r = await p.api('POST', `/lottery/campaigns/${campaignId}/claims`, { category: 'CERT' }, e.token);
        return { e, status: r.status, code: r.body?.error?.code as string | undefined };
      }),
    );
    await killed;
    // each answer is a win, or a clear 503 (nobody took it) or 504 (it may have run): never a silent loss
    for (const a of answers) expect([201, 503, 504], JSON.stringify(a.code)).toContain(a.status);
    // an unclear answer is cleared up by asking again: a second claim of one who won is ALREADY_RESERVED
    const outcomes = await Promise.all(
      answers.map(async (a) => {
        if (a.status === 201) return { e: a.e, won: true };
        const again = await p.api('POST', `/lottery/campaigns/${campaignId}/claims`, { category: 'CERT' }, a.e.token);
        expect([201, 409], JSON.stringify(again.body)).toContain(again.status);
        return { e: a.e, won: again.status === 201 || again.body.error.code === 'ALREADY_RESERVED' };
      }),
    );
    const admitted = [claimants[0]!, ...outcomes.filter((o) => o.won).map((o) => o.e)];
    expect(admitted).toHaveLength(claimants.length);
    // issued while the node is still down: the two others hold the stream and its consumers
    for (const e of admitted) await expect.poll(() => vouchersOf(e.token), { timeout: 20_000 }).toBe(1);
    await p.cluster!.nats.restart(0);
    const issued = await p.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM wallet.ledger WHERE kind = 'issue' AND amount > 0`,
    );
    expect(issued[0]!.n).toBe(admitted.length);
  });

  it('sells no more than its stock while Redis restarts empty in the middle of a grab, and each winner holds one voucher', async () => {
    const campaignId = await firstComeCampaign(p, approver, '体系认证券第二轮', 3);
    const claimants = await enterprises(6, 'Redis重启');
    const claim = (token: string) =>
      p.api('POST', `/lottery/campaigns/${campaignId}/claims`, { category: 'CERT' }, token);
    // the first claim loads the stock into Redis (from PostgreSQL)
    await expect.poll(async () => (await claim(claimants[0]!.token)).status, { timeout: 15_000 }).toBe(201);
    const restarted = p.cluster!.redis.restart();
    const answers = await Promise.all(claimants.slice(1).map(async (e) => ({ e, ...(await claim(e.token)) })));
    await restarted;
    for (const a of answers) expect([201, 409, 503, 504], JSON.stringify(a.body)).toContain(a.status);
    // asked again once Redis is back (empty, rebuilt from PostgreSQL): a winner hears ALREADY_RESERVED
    const won = [claimants[0]!];
    for (const a of answers) {
      const again = a.status === 201 ? a : { e: a.e, ...(await claim(a.e.token)) };
      const code = again.body?.error?.code;
      expect([201, 409], JSON.stringify(again.body)).toContain(again.status);
      if (again.status === 201 || code === 'ALREADY_RESERVED') won.push(a.e);
      else expect(code).toBe('SOLD_OUT');
    }
    expect(won).toHaveLength(3);
    for (const e of won) await expect.poll(() => vouchersOf(e.token), { timeout: 20_000 }).toBe(1);
    for (const e of claimants.filter((c) => !won.includes(c))) expect(await vouchersOf(e.token)).toBe(0);
  });

  it('issues one voucher per admitted claim when PostgreSQL is SIGKILLed and restarted in the middle of a grab', async () => {
    const campaignId = await firstComeCampaign(p, approver, '体系认证券第三轮', 10);
    const claimants = await enterprises(6, '数据库重启');
    const claim = (token: string) =>
      p.api('POST', `/lottery/campaigns/${campaignId}/claims`, { category: 'CERT' }, token);
    await expect.poll(async () => (await claim(claimants[0]!.token)).status, { timeout: 15_000 }).toBe(201);
    const restarted = p.cluster!.postgres.restart();
    const answers = await Promise.all(claimants.slice(1).map(async (e) => ({ e, ...(await claim(e.token)) })));
    await restarted;
    // a claim the database could not take is refused clearly (503), or may have run (504): never a 500
    for (const a of answers) expect([201, 503, 504], JSON.stringify(a.body)).toContain(a.status);
    const won = [claimants[0]!];
    for (const a of answers) {
      let again = a.status === 201 ? a : { e: a.e, ...(await claim(a.e.token)) };
      // PostgreSQL may still be recovering for a moment
      for (let i = 0; i < 20 && again.status === 503; i++) {
        await new Promise((r) => setTimeout(r, 250));
        again = { e: a.e, ...(await claim(a.e.token)) };
      }
      expect(again.status === 201 || again.body?.error?.code === 'ALREADY_RESERVED', JSON.stringify(again.body)).toBe(
        true,
      );
      won.push(a.e);
    }
    for (const e of won) await expect.poll(() => vouchersOf(e.token), { timeout: 30_000 }).toBe(1);
    const ledger = await p.query<{ enterprise_id: string; n: number }>(
      `SELECT enterprise_id, count(*)::int AS n FROM wallet.ledger WHERE kind = 'issue' GROUP BY enterprise_id HAVING count(*) > 1`,
    );
    expect(ledger).toEqual([]);
  });

  it('keeps answering through the load balancer when a gateway is SIGKILLed, and takes it back when it returns', async () => {
    await p.platform.kill('gateway', 0);
    for (let i = 0; i < 10; i++) {
      expect((await p.api('GET', '/catalog/products')).status).toBe(200);
    }
    await p.platform.restart('gateway', 0);
  });

  it('keeps both gateways serving when every replica of one service is down: its routes answer 503, the rest serve', async () => {
    await Promise.all([0, 1].map((r) => p.platform.kill('settlement', r)));
    // longer than HAProxy takes to drop a gateway whose check fails (2 checks, 1 s apart)
    await new Promise((r) => setTimeout(r, 3_000));
    for (let i = 0; i < 4; i++) expect((await p.api('GET', '/catalog/products')).status).toBe(200);
    const announcements = await p.api('GET', '/announcements');
    expect(announcements.status).toBe(503);
    expect(announcements.body.error.code).toBe('UNAVAILABLE');
    for (const r of [0, 1]) await p.platform.restart('settlement', r);
    expect((await p.api('GET', '/announcements')).status).toBe(200);
  });

  it('serves every command when one replica of each service is SIGKILLed', async () => {
    await Promise.all(SERVICES.filter((s) => s !== 'gateway').map((s) => p.platform.kill(s, 1)));
    const [e] = await enterprises(1, '半数副本');
    expect((await p.api('GET', '/qualification/enterprise-certifications/mine', undefined, e!.token)).status).toBe(200);
    for (const s of SERVICES.filter((x) => x !== 'gateway')) await p.platform.restart(s, 1);
  });
});
