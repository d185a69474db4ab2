import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent, startConsumer } from '@voucher/bus';
import { AppError } from '@voucher/contracts';
import type { RunningService } from '../src/index.ts';
import { slowCommand, slowFinished } from './fixtures/messages.ts';
import { fixtureBus, type FixtureBus } from './harness.ts';

const CONSUMER = 'scheduler-metricstest';
/** the fixture's consumer fails on this value, so its event is dead-lettered */
const POISON_MS = 13;
const TOKEN = 'a-scrape-token-of-at-least-32-characters';

let world: FixtureBus;
const running: RunningService[] = [];

beforeAll(async () => {
  world = await fixtureBus('metrics', {
    service: 'scheduler',
    commands: [slowCommand],
    consumer: { name: CONSUMER, events: [slowFinished] },
  });
});
// one replica at a time, so the one under test answers every command
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});
afterAll(() => world.close());

/** A service whose command may refuse or record an event, and whose consumer of that event may fail. */
async function observedService(env: Record<string, string>): Promise<RunningService> {
  const service = await world.start(
    {
      name: 'scheduler',
      async register({ bus, db }) {
        bus.handle(slowCommand, async ({ ms }) => {
          if (ms < 0) throw new AppError('INVALID_STATE', 'no negative waits');
          await db.transaction().execute((trx) => appendEvent(trx, slowFinished, { ms }));
          return { done: true };
        });
        const consumer = await startConsumer({
          bus,
          db,
          name: CONSUMER,
          event: slowFinished,
          maxDeliver: 1,
          handle: async (event) => {
            if (event.data.ms === POISON_MS) throw new Error('this one always fails');
          },
        });
        return { consumers: [consumer] };
      },
    },
    env,
  );
  running.push(service);
  return service;
}

const scrape = async (port: number, headers: Record<string, string> = {}) => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
  return { status: res.status, text: await res.text() };
};

/** The value of the series `name` with (at least) these labels, in whatever order the text writes them. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('process metrics (issue 19, METRICS_PORT)', () => {
  it('counts commands by subject and outcome, events by consumer and outcome, and parked dead letters', async () => {
    const service = await observedService({ METRICS_PORT: '0' });
    const ctx = { requestId: 'metrics-test' };
    await world.gateway.request(slowCommand, { ms: 1 }, ctx);
    await world.gateway.request(slowCommand, { ms: POISON_MS }, ctx);
    await expect(world.gateway.request(slowCommand, { ms: -1 }, ctx)).rejects.toThrow(/negative/);

    const port = service.metricsPort!;
    await expect
      .poll(async () => valueOf((await scrape(port)).text, 'bus_dead_letters', { consumer: CONSUMER }), {
        timeout: 10_000,
      })
      .toBe(1);
    const { status, text } = await scrape(port);
    expect(status).toBe(200);
    const commands = (outcome: string) =>
      valueOf(text, 'bus_command_duration_seconds_count', { subject: slowCommand.subject, outcome });
    expect(commands('ok')).toBe(2);
    expect(commands('INVALID_STATE')).toBe(1);
    const events = (outcome: string) =>
      valueOf(text, 'bus_event_duration_seconds_count', { consumer: CONSUMER, outcome });
    expect(events('handled')).toBe(1);
    expect(events('dead_lettered')).toBe(1);
    const messages = (state: string) => valueOf(text, 'bus_consumer_messages', { consumer: CONSUMER, state });
    expect(messages('pending')).toBe(0);
    // the dead-lettered delivery was terminated, not left to come back and be dead-lettered twice
    await expect
      .poll(async () =>
        valueOf((await scrape(port)).text, 'bus_consumer_messages', { consumer: CONSUMER, state: 'ack_pending' }),
      )
      .toBe(0);
  });

  it('reports the outbox backlog, the PostgreSQL pool and the process defaults', async () => {
    const service = await observedService({ METRICS_PORT: '0' });
    const { text } = await scrape(service.metricsPort!);
    expect(valueOf(text, 'outbox_unpublished_rows')).toBeGreaterThanOrEqual(0);
    expect(valueOf(text, 'outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(text, 'db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, 'db_pool_waiting_clients')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="scheduler"\} /m);
    expect(text).toMatch(/^process_resident_memory_bytes\{service="scheduler"\} /m);
  });

  it('counts an unpublished outbox row and its age while NATS has not taken it', async () => {
    const service = await observedService({ METRICS_PORT: '0' });
    // a row the relay cannot have sent yet: inserted with an old created_at, then read before a flush
    await service.relay.stop();
    await service.db.transaction().execute((trx) => appendEvent(trx, slowFinished, { ms: 2 }));
    await service.pool.query(`UPDATE outbox SET created_at = now() - interval '45 seconds' WHERE sent_at IS NULL`);
    const { text } = await scrape(service.metricsPort!);
    expect(valueOf(text, 'outbox_unpublished_rows')).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, 'outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(45);
  });

  it('refuses a scrape without the bearer token when METRICS_TOKEN is set, and any other path or method', async () => {
    const service = await observedService({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    const port = service.metricsPort!;
    expect((await scrape(port)).status).toBe(401);
    expect((await scrape(port, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape(port, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('serves no metrics and observes nothing without METRICS_PORT', async () => {
    const service = await observedService({});
    expect(service.metricsPort).toBeUndefined();
    await world.gateway.request(slowCommand, { ms: 3 }, { requestId: 'unobserved' });
    const text = await service.metrics.registry.metrics();
    expect(text).not.toMatch(/^bus_command_duration_seconds_count\{/m);
  });
});
