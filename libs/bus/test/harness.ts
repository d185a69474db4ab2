import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type pg from 'pg';
import type { Kysely } from 'kysely';
import { defineCommand, defineEvent, type CommandDef } from '@voucher/contracts';
import { createDb, createPool, migrate } from '@voucher/db';
import { createLogger } from '@voucher/kit';
import { isolate, ownNatsServer, type Isolation, type OwnNatsServer } from '@voucher/testing';
import { Bus, loadBusKeys, type BusCatalogue } from '../src/index.ts';

export const here = dirname(fileURLToPath(import.meta.url));
export const SCHEMA = 'bustest';

/** Test-only messages: the bus is exercised with its own tiny catalogue. */
export const thingHappened = defineEvent('evt.bustest.thing.happened', z.object({ n: z.number().int() }));
export const otherHappened = defineEvent('evt.bustest.other.happened', z.object({ n: z.number().int() }));
export const echo = defineCommand(
  'svc.bustest.echo',
  z.object({ text: z.string().max(10) }),
  z.object({
    text: z.string(),
    requestId: z.string(),
    userId: z.string().optional(),
    by: z.string(),
    sender: z.string().optional(),
  }),
);
/** the same command answered by another service */
export const echoOf = (service: string): CommandDef<typeof echo.request, typeof echo.reply> => ({
  ...echo,
  subject: `svc.${service}.echo`,
  service,
});
/** a command only `bustest` may send (as orders alone may send a payment) */
export const internalEcho = defineCommand('svc.refuser.internal', echo.request, echo.reply, { from: ['wallet'] });
/** declaring it grants bustest the reading and removing of its dead letters (dead-letters.test.ts) */
const replayDeadLetter = defineCommand(
  'svc.bustest.replayDeadLetter',
  z.object({ seq: z.number().int() }),
  z.object({}),
);

/**
 * The bus library's own tiny catalogue, from which its own nats-server is
 * configured exactly as the set-up configures the platform's (A7).
 */
export const catalogue: BusCatalogue = {
  services: ['gateway', 'wallet', 'bustest', 'refuser', 'crasher', 'sleepy', 'replicated', 'cachey'],
  commands: [
    echo,
    internalEcho,
    replayDeadLetter,
    ...['refuser', 'crasher', 'nobody', 'sleepy', 'replicated'].map(echoOf),
  ],
  subscriptions: {
    bustest: {
      consumers: [
        'once',
        'poison',
        'retry',
        'terminated',
        'parallel',
        'apply',
        'grouped',
        'group-fails',
        'group-dies',
      ].map((p) => ({
        name: `bustest-${p}`,
        events: [thingHappened, otherHappened],
      })),
      watches: [],
    },
    cachey: { consumers: [], watches: [thingHappened] },
    // a service with dead letters of its own, which bustest must neither see nor replay
    crasher: { consumers: [{ name: 'crasher-parked', events: [thingHappened] }], watches: [] },
  },
};

export interface Harness {
  iso: Isolation;
  server: OwnNatsServer;
  /** environment for a fixture process: the database and the run's own server */
  env: Record<string, string>;
  pool: pg.Pool;
  db: Kysely<any>;
  /** the `bustest` service: it answers, relays its outbox and consumes */
  bus: Bus;
  /** the gateway, which sends what users ask */
  gateway: Bus;
  connectBus(identity?: string): Promise<Bus>;
  close(): Promise<void>;
}

export async function harness(label: string): Promise<Harness> {
  const iso = await isolate(label);
  const server = await ownNatsServer(catalogue);
  const pool = createPool(iso.databaseUrl, SCHEMA, 4);
  // the database is dropped at the end while idle connections may still be open
  pool.on('error', () => undefined);
  await migrate(pool, SCHEMA, join(here, 'fixtures', 'migrations'));
  const db = createDb<any>(pool);
  const buses: Bus[] = [];
  const connectBus = async (identity = 'bustest') => {
    const b = await Bus.connect({
      url: server.url,
      prefix: '',
      keys: loadBusKeys(server.keysDir, identity),
      logger: createLogger(identity, 'silent'),
      requestTimeoutMs: 2000,
    });
    buses.push(b);
    return b;
  };
  const bus = await connectBus();
  await bus.ensureStreams();
  return {
    iso,
    server,
    env: { ...iso.env, NATS_URL: server.url, BUS_PREFIX: '', BUS_KEYS_DIR: server.keysDir },
    pool,
    db,
    bus,
    gateway: await connectBus('gateway'),
    connectBus,
    async close() {
      for (const b of buses) await b.close().catch(() => undefined);
      await pool.end();
      await server.stop();
      await iso.dispose();
    },
  };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
