// Issue 17's cluster target: the reservation intake through HAProxy with two
import { cpus } from 'node:os';
// gateways (and two replicas of every service, three NATS nodes, streams at 3
// replicas) against the single host's intake in the same run (target ≥ 1.6×),
// with the bare gateway→NATS echo of the single host as A10's floor.
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
  return {
    at: new Date().toISOString(),
    target: 'the intake through the load balancer with two gateways ≥ 1.6× one gateway, in the same run (issue 17)',
    connections: CONNECTIONS,
    seconds: DURATION_S,
    singleHost,
    cluster: onCluster,
    floors: { gatewayNatsEcho: floor },
    ratios: {
      clusterVsSingleHost: +(onCluster.intake.requestsPerSecond / singleHost.intake.requestsPerSecond).toFixed(2),
      singleHostVsEcho: +(singleHost.intake.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
      clusterVsEcho: +(onCluster.intake.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
    },
    cores: cpus().length,
  };
}
