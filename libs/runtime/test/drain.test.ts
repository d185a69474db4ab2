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

function startFixture(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'slow-service.ts')], {
    env: {
      ...process.env,
      ...iso.env,
      NATS_URL: server.url,
      BUS_PREFIX: '',
      BUS_KEYS_DIR: server.keysDir,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('"msg":"ready"')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`fixture exited ${code}: ${out}`)));
  });
}

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
