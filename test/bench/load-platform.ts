// The whole platform for a load benchmark through the gateway, shared by the benchmarks that need one.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolate } from '@voucher/testing';
import { launchPlatform, ROOT } from '../../scripts/platform.mjs';
import { startLoadBalancer, startNatsCluster } from '../../scripts/cluster.mjs';
import { benchToken, echoFloor, type LoadResult } from './http-load.ts';

/**
 * Every service in its own process inside one isolation, logging only
 * warnings, with the rate limits lifted: the load measures the path, not the
 * limiter. `close()` may follow `floor()`. With `cluster`, as `npm run
 * cluster` runs it (A8): three NATS nodes of its own from port `port + 10`,
 * two replicas of every service, HAProxy on `port` in front of the gateways
 * (`port + 1`, `port + 2`, their probe servers on `port + 3`, `port + 4`); `url` is then the load balancer's.
 * With `metricsPort`, every process serves its metrics from that base (scripts/platform.mjs's plan).
 */
export async function loadPlatform(
  label: string,
  port: number,
  extraEnv: Record<string, string> = {},
  { cluster = false, metricsPort }: { cluster?: boolean; metricsPort?: number } = {},
) {
  const logDir = join(ROOT, '.data', 'logs', `bench-${label}`);
  const nats = cluster
    ? await startNatsCluster({ dir: await mkdtemp(join(tmpdir(), 'voucher-bench-nats-')), port: port + 10, logDir })
    : undefined;
  const iso = await isolate(label, nats ? { bus: { url: nats.url, keysDir: nats.keysDir, replicas: 3 } } : {});
  const env = {
    ...iso.env,
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(cluster ? port + 1 : port),
    DB_POOL_MAX: cluster ? '4' : '8',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    ...(cluster ? { GATEWAY_TRUST_PROXY: '127.0.0.1' } : {}),
    ...extraEnv,
  };
  const platform = await launchPlatform({
    env,
    replicas: cluster ? 2 : 1,
    ...(cluster ? { gatewayProbePort: port + 3 } : {}),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    readyTimeoutMs: 120_000,
  });
  const balancer = cluster
    ? await startLoadBalancer({
        dir: logDir,
        port,
        backends: platform.gatewayUrls,
        probes: platform.gatewayProbeUrls,
        logDir,
      })
    : undefined;
  const url = balancer?.url ?? platform.gatewayUrl;
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  const approver = benchToken(randomUUID(), 'approver');
  return {
    iso,
    env,
    platform,
    /** where the load goes: the gateway, or the cluster's load balancer */
    url,
    db,
    /** a POST through the gateway as a programme approver (categories, campaigns) */
    async asApprover<T>(path: string, body: unknown): Promise<T> {
      const res = await fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${approver}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    /** enterprises qualified for a year with complete data, as qualification's events would have left the lottery */
    async qualify(ids: string[], year: number): Promise<void> {
      await db.query(
        `INSERT INTO lottery.qualifications (enterprise_id, year, approved, complete) SELECT unnest($1::uuid[]), $2, true, true`,
        [ids, year],
      );
      await db.query('ANALYZE lottery.qualifications');
    },
    /** the platform stopped, so the bare gateway→NATS echo has the cores to itself, then measured (A10's floor) */
    async floor(connections?: number): Promise<LoadResult> {
      await platform.stop();
      return echoFloor(env, connections);
    },
    async close(): Promise<void> {
      await balancer?.stop();
      await platform.stop();
      await db.end();
      await iso.dispose();
      await nats?.stop();
    },
  };
}
