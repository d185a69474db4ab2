// ARCHITECTURE A10's first-come grab through the gateway (issue 20 item 1), with two figures that count
// different things: the successful claims per second while the stock lasts (the time to hand out the
// stock, each claim a durable win), against pgbench TPC-B-like measured in the same run (target ≥ 0.7),
// and the whole grab's requests per second (claims and SOLD_OUT refusals) against the bare
// gateway→NATS echo (target ≥ 0.5). Zero oversell either way.
import { randomUUID } from 'node:crypto';
import { benchToken, CONNECTIONS, DURATION_S, load } from './http-load.ts';
import { loadPlatform } from './load-platform.ts';
import { pgbenchFloor } from './pgbench-floor.ts';
import { memoryOfEach } from './process-memory.ts';

const ENTERPRISES = Number(process.env.BENCH_GRAB_ENTERPRISES ?? 50_000);
const STOCK = Number(process.env.BENCH_GRAB_STOCK ?? 1_000);
export async function run(): Promise<object> {
  const p = await loadPlatform('benchgrab', 18940);
  try {
    await p.asApprover('/lottery/categories', {
      code: 'GRAB',
      name: '抢券专用券',
      faceValue: 50000,
      validityDays: 90,
      redemptionMode: 'balance',
      annualLimit: 1,
    });
    const campaign = await p.asApprover<{ id: string; year: number }>('/lottery/campaigns', {
      name: '基准抢券',
      mode: 'first_come',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      categories: ['GRAB'],
      stock: { GRAB: STOCK },
    });
    const ids = Array.from({ length: ENTERPRISES }, () => randomUUID());
    await p.qualify(ids, campaign.year);
    const tokens = ids.map((id) => `Bearer ${benchToken(id, 'enterprise')}`);

    // each request claims as the next enterprise; past the stock, claims are refused SOLD_OUT, past the list ALREADY_RESERVED
    const started = Date.now();
    const grab = await load(
      `${p.platform.gatewayUrl}/api/v1/lottery/campaigns/${campaign.id}/claims`,
      { category: 'GRAB' },
      {
        headersFor: (i) => ({ authorization: tokens[i % tokens.length]! }),
      },
    );
    // each service's memory at the end of the peak, and its peak (issue 20 item 8)
    const memory = memoryOfEach(p.platform.pids());
    // a win's created_at is its group's transaction's start, on this machine's clock as `started` is
    const record = (
      await p.db.query<{ claimed: number; wins: number; last_win_ms: number | null }>(
        `SELECT (SELECT count(*)::int FROM lottery.grab_slots WHERE campaign_id = $1 AND reservation_id IS NOT NULL) AS claimed,
                (SELECT count(*)::int FROM lottery.wins WHERE campaign_id = $1) AS wins,
                (SELECT (extract(epoch FROM max(created_at)) * 1000)::float8 FROM lottery.wins WHERE campaign_id = $1) AS last_win_ms`,
        [campaign.id],
      )
    ).rows[0]!;
    const exhausted = record.claimed >= STOCK;
    // until the stock is gone: the time to hand it out; if it never was, the whole run
    const handOutSeconds =
      exhausted && record.last_win_ms !== null ? Math.max(record.last_win_ms - started, 1) / 1000 : DURATION_S;
    const claimsPerSecond = Math.round(record.claimed / handOutSeconds);

    const echo = await p.floor();
    // the platform is stopped by now: pgbench has the cores to itself, as the echo had
    const pgbench = await pgbenchFloor(p.iso.databaseUrl);
    return {
      at: new Date().toISOString(),
      target:
        'successful claims/s ≥ 0.7 × pgbench TPC-B-like TPS; whole grab req/s ≥ 0.5 × echo; zero oversell (issue 20, A10)',
      stock: {
        counts: 'successful claims (201, a durable win) per second until the stock is gone',
        stock: STOCK,
        handedOut: record.claimed,
        exhausted,
        seconds: +handOutSeconds.toFixed(3),
        claimsPerSecond,
      },
      grab: {
        counts: 'every request of the run per second: claims and their refusals (409 SOLD_OUT, ALREADY_RESERVED)',
        ...grab,
        created: grab.statusCodes['201'] ?? 0,
        refused: grab.statusCodes['409'] ?? 0,
        connections: CONNECTIONS,
        seconds: DURATION_S,
        enterprises: ENTERPRISES,
      },
      outcome: {
        claimed: record.claimed,
        wins: record.wins,
        oversold: record.claimed > STOCK || record.wins > STOCK,
      },
      memory,
      floors: { gatewayNatsEcho: echo, pgbenchTpcb: pgbench },
      ratios: {
        claimsPerSecondToPgbenchTps: +(claimsPerSecond / pgbench.tps).toFixed(3),
        grabRequestsPerSecondToEcho: +(grab.requestsPerSecond / echo.requestsPerSecond).toFixed(3),
      },
    };
  } finally {
    await p.close();
  }
}
