import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type pg from 'pg';
import type { Kysely } from 'kysely';
import { defineCommand, defineEvent } from '@voucher/contracts';
import { createDb, createPool, migrate } from '@voucher/db';
import { createLogger } from '@voucher/kit';
import { isolate, type Isolation } from '@voucher/testing';
import { Bus } from '../src/index.ts';

export const here = dirname(fileURLToPath(import.meta.url));
export const SCHEMA = 'bustest';

/** Test-only messages: the bus is exercised with its own tiny catalogue. */
export const thingHappened = defineEvent('evt.bustest.thing.happened', z.object({ n: z.number().int() }));
export const otherHappened = defineEvent('evt.bustest.other.happened', z.object({ n: z.number().int() }));
export const echo = defineCommand(
  'svc.bustest.echo',
  z.object({ text: z.string().max(10) }),
  z.object({ text: z.string(), requestId: z.string(), userId: z.string().optional(), by: z.string() }),
);

export interface Harness {
  iso: Isolation;
  pool: pg.Pool;
  db: Kysely<any>;
  bus: Bus;
  connectBus(service?: string): Promise<Bus>;
  close(): Promise<void>;
}

export async function harness(label: string): Promise<Harness> {
  const iso = await isolate(label);
  const pool = createPool(iso.databaseUrl, SCHEMA, 4);
  // the database is dropped at the end while idle connections may still be open
  pool.on('error', () => undefined);
  await migrate(pool, SCHEMA, join(here, 'fixtures', 'migrations'));
  const db = createDb<any>(pool);
  const buses: Bus[] = [];
  const connectBus = async (service = 'bustest') => {
    const b = await Bus.connect({
      url: iso.env.NATS_URL!,
      prefix: iso.busPrefix,
      service,
      logger: createLogger(service, 'silent'),
      requestTimeoutMs: 2000,
    });
    buses.push(b);
    return b;
  };
  const bus = await connectBus();
  await bus.ensureStreams();
  return {
    iso,
    pool,
    db,
    bus,
    connectBus,
    async close() {
      for (const b of buses) await b.close().catch(() => undefined);
      await pool.end();
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
