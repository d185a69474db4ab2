// ARCHITECTURE A10's first-come grab through the gateway: ≥ 4,000 req/s with
// zero oversell, next to the bare gateway→NATS echo measured in the same run.
import { randomUUID } from 'node:crypto';
import { benchToken, CONNECTIONS, DURATION_S, load } from './http-load.ts';
import { loadPlatform } from './load-platform.ts';

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
    const grab = await load(
      `${p.platform.gatewayUrl}/api/v1/lottery/campaigns/${campaign.id}/claims`,
      { category: 'GRAB' },
      {
        headersFor: (i) => ({ authorization: tokens[i % tokens.length]! }),
      },
    );
    const claimed = (
      await p.db.query<{ claimed: number; wins: number }>(
        `SELECT (SELECT count(*)::int FROM lottery.grab_slots WHERE campaign_id = $1 AND reservation_id IS NOT NULL) AS claimed,
                (SELECT count(*)::int FROM lottery.wins WHERE campaign_id = $1) AS wins`,
        [campaign.id],
      )
    ).rows[0]!;
    const floor = await p.floor();
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
    await p.close();
  }
}
