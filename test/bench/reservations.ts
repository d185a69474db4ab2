// ARCHITECTURE A10's reservation intake through the gateway: authenticated
// PUTs of an enterprise's categories, each persisted (≥ 4,000 req/s, p99 ≤
// 50 ms, ≥ 35 % of the bare gateway→NATS echo measured in the same run).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { isolate } from '@voucher/testing';
import { launchPlatform } from '../../scripts/platform.mjs';
import { benchToken, CONNECTIONS, DURATION_S, echoFloor, load } from './http-load.ts';

const ENTERPRISES = Number(process.env.BENCH_RESERVE_ENTERPRISES ?? 100_000);
const CATEGORIES = ['RSV_A', 'RSV_B'];

export async function run(): Promise<object> {
  const iso = await isolate('benchreserve');
  const env = {
    ...iso.env,
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: '18950',
    DB_POOL_MAX: '8',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
  };
  const platform = await launchPlatform({ env });
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  try {
    const approver = benchToken(randomUUID(), 'approver');
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${approver}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    for (const code of CATEGORIES) {
      await api('/lottery/categories', {
        code,
        name: `${code}专用券`,
        faceValue: 50_000,
        validityDays: 90,
        redemptionMode: 'balance',
        annualLimit: 1,
      });
    }
    const day = 86_400_000;
    const campaign = (await api('/lottery/campaigns', {
      name: '基准预约',
      mode: 'lottery',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + day).toISOString(),
      categories: CATEGORIES,
      batches: [
        {
          drawAt: new Date(Date.now() + 2 * day).toISOString(),
          publishAt: new Date(Date.now() + 3 * day).toISOString(),
          quotas: Object.fromEntries(CATEGORIES.map((c) => [c, 100])),
        },
      ],
    })) as { id: string; year: number };
    // what qualification's events would have filled: every bench enterprise qualified with complete data
    const ids = Array.from({ length: ENTERPRISES }, () => randomUUID());
    await db.query(
      `INSERT INTO lottery.qualifications (enterprise_id, year, approved, complete) SELECT unnest($1::uuid[]), $2, true, true`,
      [ids, campaign.year],
    );
    await db.query('ANALYZE lottery.qualifications');
    const tokens = ids.map((id) => `Bearer ${benchToken(id, 'enterprise')}`);

    // each request reserves both categories as the next enterprise (LOT-3), persisted before its answer
    const intake = await load(
      `${platform.gatewayUrl}/api/v1/lottery/campaigns/${campaign.id}/reservation`,
      { categories: CATEGORIES },
      { method: 'PUT', headersFor: (i) => ({ authorization: tokens[i % tokens.length]! }) },
    );
    const persisted = (
      await db.query<{ n: number; enterprises: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT enterprise_id)::int AS enterprises
         FROM lottery.reservations WHERE campaign_id = $1 AND state = 'pending'`,
        [campaign.id],
      )
    ).rows[0]!;
    await platform.stop();
    const floor = await echoFloor(env);
    return {
      at: new Date().toISOString(),
      target: '≥ 4,000 req/s, p99 ≤ 50 ms, ≥ 35% of the bare gateway→NATS echo (A10)',
      intake: { ...intake, connections: CONNECTIONS, seconds: DURATION_S, enterprises: ENTERPRISES },
      outcome: {
        answered: intake.statusCodes['200'] ?? 0,
        reservationsPersisted: persisted.n,
        enterprisesPersisted: persisted.enterprises,
      },
      floors: { gatewayNatsEcho: floor },
      ratio: +(intake.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
    };
  } finally {
    await platform.stop();
    await db.end();
    await iso.dispose();
  }
}
