import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { isolate, type Isolation } from '@voucher/testing';
import { launchPlatform, ROOT, type RunningPlatform } from '../../scripts/platform.mjs';

export const ADMIN = { username: 'journey_admin', mobile: '13900009999', password: 'Journey#2026' };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface JourneyPlatform {
  iso: Isolation;
  platform: RunningPlatform;
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

/** The whole platform, every service its own process, inside one isolation (A10a: once per journey file). */
export async function journeyPlatform(label: string, extraEnv: Record<string, string> = {}): Promise<JourneyPlatform> {
  const iso = await isolate(label);
  const port = await freePort();
  const platform = await launchPlatform({
    env: {
      ...iso.env,
      GATEWAY_PORT: String(port),
      BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
      BOOTSTRAP_ADMIN_MOBILE: ADMIN.mobile,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      RATE_LIMIT_SMS_PER_MINUTE: '1000',
      ...extraEnv,
    },
    logDir: join(ROOT, '.data', 'logs', `journey-${iso.id}`),
  });
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  return {
    iso,
    platform,
    async api(method, path, body, token, headers = {}) {
      const res = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
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
      await platform.stop();
      await db.end();
      await iso.dispose();
    },
  };
}
