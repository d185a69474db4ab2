// ARCHITECTURE A10's reservation intake through the gateway: authenticated
// PUTs of an enterprise's categories, each persisted (≥ 4,000 req/s, p99 ≤
// 50 ms, ≥ 35 % of the bare gateway→NATS echo measured in the same run).
import { randomUUID } from 'node:crypto';
import { benchToken, CONNECTIONS, DURATION_S, load, type LoadResult } from './http-load.ts';
import { cpuShares, type CpuShares } from './cpu-shares.ts';
import { profileClockNow } from './instrumentation-share.ts';
import { loadPlatform } from './load-platform.ts';
import { pgbenchFloor } from './pgbench-floor.ts';

const ENTERPRISES = Number(process.env.BENCH_RESERVE_ENTERPRISES ?? 100_000);
const CATEGORIES = ['RSV_A', 'RSV_B'];

type LoadPlatform = Awaited<ReturnType<typeof loadPlatform>>;

/** A reservation window open now over two categories, and `enterprises` qualified enterprises' tokens. */
async function openWindow(p: LoadPlatform, enterprises: number) {
  for (const code of CATEGORIES) {
    await p.asApprover('/lottery/categories', {
      code,
      name: `${code}专用券`,
      faceValue: 50_000,
      validityDays: 90,
      redemptionMode: 'balance',
      annualLimit: 1,
    });
  }
  const day = 86_400_000;
  const campaign = await p.asApprover<{ id: string; year: number }>('/lottery/campaigns', {
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
  });
  const ids = Array.from({ length: enterprises }, () => randomUUID());
  await p.qualify(ids, campaign.year);
  return { campaignId: campaign.id, tokens: ids.map((id) => `Bearer ${benchToken(id, 'enterprise')}`) };
}

/**
 * A reservation window open on `p` and its intake: each call loads it for
 * `seconds`, each request reserving both categories as the next enterprise
 * not yet used (LOT-3), persisted before its answer.
 */
export async function intakeOn(p: LoadPlatform, enterprises: number) {
  const { campaignId, tokens } = await openWindow(p, enterprises);
  let used = 0;
  return {
    campaignId,
    load: async (seconds = DURATION_S) => {
      const from = used;
      return load(
        `${p.url}/api/v1/lottery/campaigns/${campaignId}/reservation`,
        { categories: CATEGORIES },
        {
          method: 'PUT',
          seconds,
          headersFor: (i) => {
            used = Math.max(used, from + i + 1);
            return { authorization: tokens[(from + i) % tokens.length]! };
          },
        },
      );
    },
  };
}

/** The intake on `p` for DURATION_S, then what was persisted, read back. */
export async function measureIntake(
  p: LoadPlatform,
  enterprises = ENTERPRISES,
): Promise<{
  intake: LoadResult;
  cpu: CpuShares;
  window: { from: number; to: number };
  reservationsPersisted: number;
  enterprisesPersisted: number;
}> {
  const intake = await intakeOn(p, enterprises);
  // which processes the cores went to meanwhile (a cluster on one machine shares two cores among 24)
  const from = profileClockNow();
  const { result, cpu } = await cpuShares(() => intake.load());
  // when the load ran, on the clock of the services' CPU profiles (the observability benchmark's)
  const window = { from, to: profileClockNow() };
  const persisted = (
    await p.db.query<{ n: number; enterprises: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT enterprise_id)::int AS enterprises
       FROM lottery.reservations WHERE campaign_id = $1 AND state = 'pending'`,
      [intake.campaignId],
    )
  ).rows[0]!;
  return {
    intake: result,
    cpu,
    window,
    reservationsPersisted: persisted.n,
    enterprisesPersisted: persisted.enterprises,
  };
}

export async function run(): Promise<object> {
  const p = await loadPlatform('benchreserve', 18950);
  try {
    const { intake, cpu, window: _window, ...persisted } = await measureIntake(p);
    const floor = await p.floor();
    // the platform is stopped by now: pgbench has the cores to itself, as the echo had (item 7: a write path)
    const pgbench = await pgbenchFloor(p.iso.databaseUrl);
    return {
      at: new Date().toISOString(),
      target: '≥ 4,000 req/s, p99 ≤ 50 ms, ≥ 35% of the bare gateway→NATS echo (A10)',
      intake: { ...intake, connections: CONNECTIONS, seconds: DURATION_S, enterprises: ENTERPRISES },
      outcome: { answered: intake.statusCodes['200'] ?? 0, ...persisted },
      cpu,
      floors: { gatewayNatsEcho: floor, pgbenchTpcb: pgbench },
      ratio: +(intake.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
      ratioToPgbenchTps: +(intake.requestsPerSecond / pgbench.tps).toFixed(3),
    };
  } finally {
    await p.close();
  }
}
