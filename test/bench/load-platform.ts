// The whole platform for a load benchmark through the gateway, shared by the benchmarks that need one.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { isolate } from '@voucher/testing';
import { launchPlatform } from '../../scripts/platform.mjs';
import { benchToken, echoFloor, type LoadResult } from './http-load.ts';

/**
 * Every service in its own process inside one isolation, logging only
 * warnings, with the rate limits lifted: the load measures the path, not the
 * limiter. `close()` may follow `floor()`.
 */
export async function loadPlatform(label: string, port: number, extraEnv: Record<string, string> = {}) {
  const iso = await isolate(label);
  const env = {
    ...iso.env,
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(port),
    DB_POOL_MAX: '8',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    ...extraEnv,
  };
  const platform = await launchPlatform({ env });
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  const approver = benchToken(randomUUID(), 'approver');
  return {
    iso,
    env,
    platform,
    db,
    /** a POST through the gateway as a programme approver (categories, campaigns) */
    async asApprover<T>(path: string, body: unknown): Promise<T> {
      const res = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
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
    async floor(): Promise<LoadResult> {
      await platform.stop();
      return echoFloor(env);
    },
    async close(): Promise<void> {
      await platform.stop();
      await db.end();
      await iso.dispose();
    },
  };
}
