import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { isolate, type Isolation } from '@voucher/testing';
import { launchPlatform, ROOT, type RunningPlatform } from '../../scripts/platform.mjs';
import {
  startLoadBalancer,
  startNatsCluster,
  startPostgres,
  startRedis,
  type LoadBalancer,
  type NatsCluster,
  type OwnPostgres,
  type OwnRedis,
} from '../../scripts/cluster.mjs';

export const ADMIN = { username: 'journey_admin', mobile: '13900009999', password: 'Journey#2026' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Whether every port of `base + offsets` is free now. */
async function portsFree(base: number, offsets: readonly number[]): Promise<boolean> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
  for (const o of offsets) if (!(await free(base + o))) return false;
  return true;
}

/** A base port with `base + offsets` all free: the cluster's nodes, routes and monitors take a range each. */
export async function freePortRange(offsets: readonly number[]): Promise<number> {
  for (;;) {
    // below Linux's ephemeral range (32768-60999): an outgoing connection of the 18 processes cannot take it
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portsFree(base, offsets)) return base;
  }
}

/** The local cluster's pieces a fault test acts on (A8). */
interface ClusterParts {
  nats: NatsCluster;
  balancer: LoadBalancer;
  /** the cluster's own Redis, so that a fault test may restart it empty */
  redis: OwnRedis;
  /** the cluster's own PostgreSQL, so that a fault test may SIGKILL and restart it */
  postgres: OwnPostgres;
}

export interface JourneyPlatform {
  iso: Isolation;
  platform: RunningPlatform;
  /** set when the journey runs on the cluster: its API goes through the load balancer */
  cluster?: ClusterParts;
  api(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** a direct look into one service's schema, to prove what was (not) written */
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The whole platform, every service its own process, inside one isolation (A10a: once per journey file).
 * With `cluster`, as npm run cluster runs it (A8): a NATS cluster of its own, two replicas of every
 * service, and HAProxy in front of the gateways. With `metricsPort`, every process serves its metrics
 * on its port of the plan (scripts/platform.mjs) from that base.
 */
export async function journeyPlatform(
  label: string,
  extraEnv: Record<string, string> = {},
  {
    // JOURNEYS_ON_CLUSTER=1 runs every journey on a cluster of its own (slower: 18 processes each)
    cluster = process.env.JOURNEYS_ON_CLUSTER === '1',
    metricsPort,
  }: { cluster?: boolean; metricsPort?: number } = {},
): Promise<JourneyPlatform> {
  const logDir = join(ROOT, '.data', 'logs', `journey-${label}-${Date.now().toString(36)}`);
  const nats = cluster
    ? await startNatsCluster({
        dir: await mkdtemp(join(tmpdir(), 'voucher-cluster-')),
        port: await freePortRange([0, 1, 2, 10, 11, 12, 20, 21, 22]),
        logDir,
      })
    : undefined;
  // a PostgreSQL and a Redis of the cluster's own, so that its fault tests may restart them
  const postgres = cluster
    ? await startPostgres({ dir: await mkdtemp(join(tmpdir(), 'voucher-pg-')), port: await freePort(), logDir })
    : undefined;
  const redis = cluster ? await startRedis({ port: await freePort(), logDir }) : undefined;
  const iso = await isolate(
    label,
    nats && redis && postgres
      ? {
          bus: { url: nats.url, keysDir: nats.keysDir, replicas: 3 },
          redisUrl: redis.url,
          postgresAdminUrl: postgres.adminUrl,
        }
      : {},
  );
  // the balancer, two gateways, and their probe servers
  const port = cluster ? await freePortRange([0, 1, 2, 3, 4]) : await freePort();
  // what started is stopped when a later step fails: no process outlives a failed journey
  const undo = async (err: unknown): Promise<never> => {
    await iso.dispose().catch(() => undefined);
    await nats?.stop();
    await redis?.stop();
    await postgres?.stop();
    throw err;
  };
  const platform = await launchPlatform({
    replicas: cluster ? 2 : 1,
    ...(cluster ? { gatewayProbePort: port + 3 } : {}),
    ...(cluster ? { readyTimeoutMs: 120_000 } : {}),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    env: {
      ...iso.env,
      GATEWAY_PORT: String(cluster ? port + 1 : port),
      // the gateways share their files through the cluster's Object Store (A8)
      ...(cluster ? { GATEWAY_TRUST_PROXY: '127.0.0.1', STORAGE_DRIVER: 'nats' } : {}),
      BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
      BOOTSTRAP_ADMIN_MOBILE: ADMIN.mobile,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      RATE_LIMIT_SMS_PER_MINUTE: '1000',
      // one connection per process on one host: a command that takes a second connection while it holds
      // one waits forever here, as it would under load with any pool once every connection is so held.
      // The cluster's own PostgreSQL takes 200 connections, for 18 processes.
      DB_POOL_MAX: cluster ? '3' : '1',
      ...extraEnv,
    },
    logDir,
  }).catch(undo);
  const balancer = cluster
    ? await startLoadBalancer({
        dir: logDir,
        port,
        backends: platform.gatewayUrls,
        probes: platform.gatewayProbeUrls,
        logDir,
      }).catch(async (err) => {
        await platform.stop();
        return undo(err);
      })
    : undefined;
  const entry = balancer?.url ?? platform.gatewayUrl;
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  // the fault tests restart PostgreSQL: an idle connection of this pool is dropped then, and replaced
  db.on('error', () => undefined);
  return {
    iso,
    platform,
    ...(nats && balancer && redis && postgres ? { cluster: { nats, balancer, redis, postgres } } : {}),
    async api(method, path, body, token, headers = {}) {
      const res = await fetch(`${entry}/api/v1${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async query(sql, params) {
      return (await db.query(sql, params)).rows;
    },
    async close() {
      await balancer?.stop();
      await platform.stop();
      await db.end();
      await iso.dispose();
      await nats?.stop();
      await redis?.stop();
      await postgres?.stop();
    },
  };
}
