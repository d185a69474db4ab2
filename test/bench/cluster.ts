// Issue 17's cluster targets, each against the single host in the same run:
// the reservation intake through HAProxy with two gateways (and two replicas
// of every service, three NATS nodes, streams at 3 replicas), target ≥ 1.6×,
// with the bare gateway→NATS echo of the single host as A10's floor; and the
// draw of 1,000,000 reservations on the cluster's bus, target ≤ 1.5× the
// single host's, each beside its own in-PostgreSQL floor.
import { cpus } from 'node:os';
import { measureDraw, prepare } from './draw.ts';
import { CONNECTIONS, DURATION_S } from './http-load.ts';
import { loadPlatform } from './load-platform.ts';
import { measureIntake } from './reservations.ts';

const ENTERPRISES = Number(process.env.BENCH_RESERVE_ENTERPRISES ?? 50_000);

export async function run(): Promise<object> {
  // one platform at a time, so each has the machine to itself
  const single = await loadPlatform('benchcl1', 18960);
  let singleHost;
  let floor;
  try {
    singleHost = await measureIntake(single, ENTERPRISES);
    floor = await single.floor();
  } finally {
    await single.close();
  }
  const cluster = await loadPlatform('benchcl2', 18970, {}, { cluster: true });
  let onCluster;
  try {
    onCluster = await measureIntake(cluster, ENTERPRISES);
  } finally {
    await cluster.close();
  }
  const draws = { singleHost: await drawOn(false), cluster: await drawOn(true) };
  return {
    at: new Date().toISOString(),
    target: 'the intake through the load balancer with two gateways ≥ 1.6× one gateway, in the same run (issue 17)',
    drawTarget: 'the draw of 1,000,000 reservations on the cluster ≤ 1.5× the single host, in the same run (issue 17)',
    connections: CONNECTIONS,
    seconds: DURATION_S,
    singleHost,
    cluster: onCluster,
    floors: { gatewayNatsEcho: floor },
    ratios: {
      clusterVsSingleHost: +(onCluster.intake.requestsPerSecond / singleHost.intake.requestsPerSecond).toFixed(2),
      singleHostVsEcho: +(singleHost.intake.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
      clusterVsEcho: +(onCluster.intake.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
      drawClusterVsSingleHost: +(draws.cluster.endToEndMs / draws.singleHost.endToEndMs).toFixed(2),
    },
    draws,
    cores: cpus().length,
  };
}

/** One draw bench (draw.ts) on the single host's bus or the cluster's, reduced to what the comparison needs. */
async function drawOn(cluster: boolean) {
  const b = await prepare({ cluster });
  try {
    const d = await measureDraw(b);
    return {
      endToEndMs: d.endToEndMs,
      drawMs: d.drawMs,
      relayMs: d.relayMs,
      walletIssuingAfterRelayMs: d.walletIssuingAfterRelayMs,
      floorMs: d.floorMs.total,
      ratioToFloor: d.ratio,
      winners: d.winners,
      verified: d.verified,
    };
  } finally {
    await b.dispose();
  }
}
