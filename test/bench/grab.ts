// ARCHITECTURE A10's first-come grab through the gateway: ≥ 4,000 req/s with
// zero oversell, next to the bare gateway→NATS echo measured in the same run.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { isolate } from '@voucher/testing';
import { launchPlatform } from '../../scripts/platform.mjs';
import { benchToken, CONNECTIONS, DURATION_S, echoFloor, load } from './http-load.ts';

const ENTERPRISES = Number(process.env.BENCH_GRAB_ENTERPRISES ?? 50_000);
const STOCK = Number(process.env.BENCH_GRAB_STOCK ?? 1_000);

export async function run(): Promise<object> {
  const iso = await isolate('benchgrab');
  const env = {
    ...iso.env,
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: '18940',
    DB_POOL_MAX: '8',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
  };
  const platform = await launchPlatform({ env });
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  try {
    const approver = benchToken(randomUUID(), 'approver');
    const api = async (path: string, body: unknown, token: string) => {
      const res = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    await api(
      '/lottery/categories',
      {
        code: 'GRAB',
        name: '抢券专用券',
        faceValue: 50000,
        validityDays: 90,
        redemptionMode: 'balance',
        annualLimit: 1,
      },
      approver,
    );
    const campaign = (await api(
      '/lottery/campaigns',
      {
        name: '基准抢券',
        mode: 'first_come',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        categories: ['GRAB'],
        stock: { GRAB: STOCK },
      },
      approver,
    )) as { id: string; year: number };
    // what qualification's events would have filled: every bench enterprise qualified with complete data
    const ids = Array.from({ length: ENTERPRISES }, () => randomUUID());
    await db.query(
      `INSERT INTO lottery.qualifications (enterprise_id, year, approved, complete) SELECT unnest($1::uuid[]), $2, true, true`,
      [ids, campaign.year],
    );
    const tokens = ids.map((id) => `Bearer ${benchToken(id, 'enterprise')}`);

    // each request claims as the next enterprise; past the stock, claims are refused SOLD_OUT, past the list ALREADY_RESERVED
    const grab = await load(
      `${platform.gatewayUrl}/api/v1/lottery/campaigns/${campaign.id}/claims`,
      { category: 'GRAB' },
      {
        headersFor: (i) => ({ authorization: tokens[i % tokens.length]! }),
      },
    );
    const claimed = (
      await db.query<{ claimed: number; wins: number }>(
        `SELECT (SELECT count(*)::int FROM lottery.grab_slots WHERE campaign_id = $1 AND reservation_id IS NOT NULL) AS claimed,
                (SELECT count(*)::int FROM lottery.wins WHERE campaign_id = $1) AS wins`,
        [campaign.id],
      )
    ).rows[0]!;
    await platform.stop();
    const floor = await echoFloor(env);
    return {
      at: new Date().toISOString(),
      target: '≥ 4,000 req/s, zero oversell (A10)',
      grab: { ...grab, connections: CONNECTIONS, seconds: DURATION_S, enterprises: ENTERPRISES, stock: STOCK },
      outcome: {
        created: grab.statusCodes['201'] ?? 0,
        claimed: claimed.claimed,
        wins: claimed.wins,
        oversold: claimed.claimed > STOCK || claimed.wins > STOCK,
      },
      floors: { gatewayNatsEcho: floor },
      ratio: +(grab.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
    };
  } finally {
    await platform.stop();
    await db.end();
    await iso.dispose();
  }
}
