// HTTP load on loopback and the gateway's bare floor, shared by the benchmarks.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { developmentAccessTokenKeys, signAccessToken } from '@voucher/kit';
import { ROOT } from '../../scripts/platform.mjs';

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

/**
 * POSTs (or `method`s) `body` for `seconds` (DURATION_S unless told); `headersFor(i)` may give each request its own
 * headers (a different caller), `requestFor(i)` its own headers and body.
 */
export async function load(
  url: string,
  body: unknown,
  {
    headersFor,
    requestFor,
    method = 'POST',
    connections = CONNECTIONS,
    seconds = DURATION_S,
  }: {
    headersFor?: (i: number) => Record<string, string>;
    requestFor?: (i: number) => { headers: Record<string, string>; body: string };
    method?: 'GET' | 'POST' | 'PUT';
    connections?: number;
    seconds?: number;
  } = {},
): Promise<LoadResult> {
  let i = 0;
  const setup = requestFor
    ? (req: any) => {
        const r = requestFor(i++);
        return { ...req, headers: { ...req.headers, ...r.headers }, body: r.body };
      }
    : headersFor
      ? (req: any) => ({ ...req, headers: { ...req.headers, ...headersFor(i++) } })
      : undefined;
  const r = await autocannon({
    url,
    method,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(setup ? { requests: [{ setupRequest: setup }] } : {}),
  });
  return loadResultOf(r);
}

/** What autocannon measured, as every benchmark reports it. */
export function loadResultOf(r: autocannon.Result): LoadResult {
  return {
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    statusCodes: Object.fromEntries(
      Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]),
    ),
  };
}

/** ARCHITECTURE A10's floor: a Fastify route that only does a NATS request to an echo responder. */
export async function echoFloor(env: Record<string, string>, connections = CONNECTIONS): Promise<LoadResult> {
  const port = '18931';
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'bench', 'echo-floor.ts')], {
    env: { ...process.env, ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((res) => child.stdout.once('data', () => res()));
  try {
    return await load(`http://127.0.0.1:${port}/echo`, { hello: 'world' }, { connections });
  } finally {
    child.kill('SIGTERM');
  }
}

/** A token as identity would sign it (development key pair): the gateway checks its signature and revocation only. */
export function benchToken(userId: string, role: string): string {
  const now = Math.floor(Date.now() / 1000);
  return signAccessToken(
    { sub: userId, role, username: `bench_${role}`, jti: randomUUID(), sid: randomUUID(), iat: now, exp: now + 3600 },
    developmentAccessTokenKeys.privateKey,
  );
}
