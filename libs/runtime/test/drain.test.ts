import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus, EVENTS_STREAM, loadBusKeys } from '@voucher/bus';
import { createLogger } from '@voucher/kit';
import { isolate, ownNatsServer, type Isolation, type OwnNatsServer } from '@voucher/testing';
import { healthCommand } from '@voucher/contracts';
import { slowCommand, slowFinished } from './fixtures/messages.ts';

const here = dirname(fileURLToPath(import.meta.url));
let iso: Isolation;
let server: OwnNatsServer;
let client: Bus;

beforeAll(async () => {
  iso = await isolate('drain');
  // the fixture's test-only command gets its permissions from a catalogue of its own
  server = await ownNatsServer({
    services: ['gateway', 'scheduler'],
    commands: [slowCommand, healthCommand('scheduler')],
    subscriptions: {},
  });
  client = await Bus.connect({
    url: server.url,
    prefix: '',
    keys: loadBusKeys(server.keysDir, 'gateway'),
    logger: createLogger('client', 'silent'),
  });
});
afterAll(async () => {
  await client.close();
  await server.stop();
  await iso.dispose();
});

function startFixture(env: Record<string, string> = {}): Promise<ChildProcess & { log: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'slow-service.ts')], {
    env: {
      ...process.env,
      ...iso.env,
      NATS_URL: server.url,
      BUS_PREFIX: '',
      BUS_KEYS_DIR: server.keysDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('"msg":"ready"')) resolve(Object.assign(child, { log: () => out }));
    });
    child.on('exit', (code) => reject(new Error(`fixture exited ${code}: ${out}`)));
  });
}

/** The probe server's port, as the service logged it. */
const probePortOf = (log: string): number => {
  const line = log.split('\n').find((l) => l.includes('"msg":"probes listening"'));
  return (JSON.parse(line!) as { port: number }).port;
};

describe('probes for an orchestrator (HEALTH_PORT, A8)', () => {
  it('answers /healthz while alive and /readyz 200 while its dependencies answer, saying no more', async () => {
    const child = await startFixture({ HEALTH_PORT: '0' });
    try {
      const base = `http://127.0.0.1:${probePortOf(child.log())}`;
      const get = async (path: string, method = 'GET') => {
        const res = await fetch(`${base}${path}`, { method });
        return { status: res.status, body: await res.json() };
      };
      expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
      expect((await get('/metrics')).status).toBe(404);
      expect((await get('/readyz', 'POST')).status).toBe(405);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('answers /readyz 503 while a dependency does not answer (Redis here), and stays alive', async () => {
    const child = await startFixture({ HEALTH_PORT: '0', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const base = `http://127.0.0.1:${probePortOf(child.log())}`;
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not_ready' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('graceful shutdown', () => {
  it('answers the in-flight command, publishes its event, refuses new work and exits 0 on SIGTERM', async () => {
    const child = await startFixture();
    expect((await client.request(healthCommand('scheduler'), {}, { requestId: 'h' })).status).toBe('ok');
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

    const inFlight = client.request(slowCommand, { ms: 700 }, { requestId: 'slow' }, { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const late = await client
      .request(slowCommand, { ms: 1 }, { requestId: 'late' }, { timeoutMs: 1000 })
      .catch((e) => e);

    expect(await inFlight).toEqual({ done: true });
    expect(late.code).toMatch(/UNAVAILABLE|TIMEOUT/);
    expect(await exited).toBe(0);
    const info = await client.jsm.streams.info(client.naming.stream(EVENTS_STREAM), { subjects_filter: '>' });
    expect(info.state.subjects?.[client.naming.subject(slowFinished.type)]).toBe(1);
  });
});
