import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AckPolicy } from '@nats-io/jetstream';
import { durableName } from '@voucher/contracts';
import { createDb, createPool } from '@voucher/db';
import {
  appendEvent,
  deadLetterSubject,
  DEAD_LETTER_STREAM,
  EVENTS_STREAM,
  startConsumer,
  startOutboxRelay,
  type RunningConsumer,
} from '../src/index.ts';
import { harness, here, otherHappened, SCHEMA, thingHappened, waitFor, type Harness } from './harness.ts';

let h: Harness;
const running: { stop(): Promise<void> }[] = [];
beforeAll(async () => {
  h = await harness('outbox');
});
afterAll(async () => {
  for (const r of running) await r.stop();
  await h.close();
});

function runFixture(name: string, env: Record<string, string> = {}): Promise<{ signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', name)], {
      env: { ...process.env, ...h.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal ? resolve({ signal }) : reject(new Error(`fixture exited: ${err}`))));
  });
}

async function streamCount(subject: string): Promise<number> {
  const info = await h.bus.jsm.streams.info(h.bus.naming.stream(EVENTS_STREAM), { subjects_filter: '>' });
  return info.state.subjects?.[h.bus.naming.subject(subject)] ?? 0;
}

function envelopeOf(n: number, id = uuidv7(), type = thingHappened.type) {
  return JSON.stringify({
    id,
    type,
    occurredAt: new Date().toISOString(),
    producer: 'bustest',
    version: 1,
    data: { n },
  });
}

/** connections of this database that LISTEN for its outbox: one per running relay */
async function listeners(): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND query LIKE 'LISTEN outbox_%'`.execute(h.db);
  return r.rows[0]!.n;
}

async function applied(): Promise<{ n: number; event_id: string }[]> {
  return (await sql<{ n: number; event_id: string }>`SELECT n, event_id FROM applied ORDER BY n`.execute(h.db)).rows;
}

describe('outbox', () => {
  it('never publishes an event whose transaction rolled back', async () => {
    await h.db
      .transaction()
      .execute(async (trx) => {
        await appendEvent(trx, thingHappened, { n: 1 });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const pending = await sql`SELECT count(*)::int AS c FROM outbox`.execute(h.db);
    expect(pending.rows[0]).toEqual({ c: 0 });
  });

  it('publishes an event committed by a process killed before its relay ran, once restarted', async () => {
    const { signal } = await runFixture('commit-then-die.ts');
    expect(signal).toBe('SIGKILL');
    const rows = await sql<{ sent_at: Date | null }>`SELECT sent_at FROM outbox`.execute(h.db);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.sent_at).toBeNull();
    expect(await streamCount(thingHappened.type)).toBe(0);

    const relay = startOutboxRelay({ pool: h.pool, schema: SCHEMA, bus: h.bus, logger: h.bus.logger });
    running.push(relay);
    await waitFor(async () => (await streamCount(thingHappened.type)) === 1);
    await waitFor(async () => {
      const r = await sql<{ sent_at: Date | null }>`SELECT sent_at FROM outbox`.execute(h.db);
      return r.rows.every((x) => x.sent_at !== null);
    });
  });

  it('relays a new commit within moments, woken by NOTIFY', async () => {
    const before = await streamCount(thingHappened.type);
    const t0 = Date.now();
    await h.db.transaction().execute((trx) => appendEvent(trx, thingHappened, { n: 2 }).then(() => undefined));
    await waitFor(async () => (await streamCount(thingHappened.type)) === before + 1);
    expect(Date.now() - t0).toBeLessThan(900);
  });

  it('leaves the whole pool to the work: a relay on a pool of one still commits and relays, woken by NOTIFY', async () => {
    // the listener holds its connection for the process's life; were it the pool's, nothing else could run
    const pool = createPool(h.iso.databaseUrl, SCHEMA, 1);
    const others = await listeners();
    const relay = startOutboxRelay({ pool, schema: SCHEMA, bus: h.bus, logger: h.bus.logger, pollMs: 60_000 });
    try {
      await waitFor(async () => (await listeners()) === others + 1);
      const before = await streamCount(thingHappened.type);
      const db = createDb<any>(pool);
      await db.transaction().execute((trx) => appendEvent(trx, thingHappened, { n: 3 }).then(() => undefined));
      await waitFor(async () => (await streamCount(thingHappened.type)) === before + 1);
    } finally {
      await relay.stop();
      await pool.end();
    }
  });

  it('lets every replica of a service hear a relayed event as it happens (watch, for caches)', async () => {
    const replicas = [await h.connectBus('cachey'), await h.connectBus('cachey')];
    const heard: string[] = [];
    replicas.forEach((bus, i) => bus.watch(thingHappened, (d) => heard.push(`${i}:${d.n}`)));
    await Promise.all(replicas.map((bus) => bus.nc.flush()));
    await h.db.transaction().execute((trx) => appendEvent(trx, thingHappened, { n: 7 }).then(() => undefined));
    await waitFor(async () => heard.length === 2);
    expect(heard.sort()).toEqual(['0:7', '1:7']);
  });

  it('lets JetStream drop a re-publish of the same event id', async () => {
    const id = uuidv7();
    const subject = h.bus.naming.subject(thingHappened.type);
    const first = await h.bus.js.publish(subject, envelopeOf(7, id), { msgID: id });
    const second = await h.bus.js.publish(subject, envelopeOf(7, id), { msgID: id });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
  });
});

/** A consumer's durable made now, so that only the events published from now on concern it. */
async function durableOfNewEvents(name: string): Promise<void> {
  await h.bus.jsm.consumers.add(h.bus.naming.stream(EVENTS_STREAM), {
    durable_name: durableName(name, thingHappened),
    filter_subject: h.bus.naming.subject(thingHappened.type),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: 'new' as never,
    ack_wait: 1_000_000_000,
    max_deliver: 6,
  });
}

describe('durable consumer with inbox', () => {
  let consumer: RunningConsumer | undefined;

  it('applies a redelivered event once', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    const id = uuidv7();
    const subject = h.bus.naming.subject(thingHappened.type);
    // no msgID: JetStream keeps both copies, as after a publisher crash past the duplicate window
    await h.bus.js.publish(subject, envelopeOf(500, id));
    await h.bus.js.publish(subject, envelopeOf(500, id));
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-once',
      event: thingHappened,
      handle: async (event, trx) => {
        if (event.data.n !== 500) return;
        await sql`INSERT INTO applied (n, event_id) VALUES (${event.data.n}, ${event.id})`.execute(trx);
      },
    });
    await waitFor(async () => {
      const info = await h.bus.jsm.consumers.info(
        h.bus.naming.stream(EVENTS_STREAM),
        durableName('bustest-once', thingHappened),
      );
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect((await applied()).filter((r) => r.n === 500)).toHaveLength(1);
    await consumer.stop();
  });

  it('parks a poison message on the dead-letter subject and keeps the later ones flowing', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    const subject = h.bus.naming.subject(thingHappened.type);
    await h.bus.js.publish(subject, 'this is not json');
    await h.bus.js.publish(
      subject,
      JSON.stringify({
        id: uuidv7(),
        type: thingHappened.type,
        occurredAt: 'x',
        producer: 'p',
        version: 1,
        data: { n: 'NaN' },
      }),
    );
    await h.bus.js.publish(subject, envelopeOf(900));
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-poison',
      event: thingHappened,
      handle: async (event, trx) => {
        if (event.data.n !== 900) return;
        await sql`INSERT INTO applied (n, event_id) VALUES (${event.data.n}, ${event.id})`.execute(trx);
      },
    });
    await waitFor(async () => (await applied()).some((r) => r.n === 900));
    const dlq = await h.bus.jsm.streams.info(h.bus.naming.stream(DEAD_LETTER_STREAM), { subjects_filter: '>' });
    expect(dlq.state.subjects?.[h.bus.naming.subject(deadLetterSubject('bustest', 'bustest-poison'))]).toBe(2);
    await consumer.stop();
  });

  it('retries a failing handler with backoff, then dead-letters it without blocking the next event', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    const subject = h.bus.naming.subject(otherHappened.type);
    let attempts = 0;
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-retry',
      event: otherHappened,
      maxDeliver: 3,
      backoffMs: [50, 100],
      handle: async (event, trx) => {
        if (event.data.n === 13) {
          attempts++;
          throw new Error('unlucky');
        }
        if (event.data.n === 14) await sql`INSERT INTO applied (n, event_id) VALUES (14, ${event.id})`.execute(trx);
      },
    });
    await h.bus.js.publish(subject, envelopeOf(13, uuidv7(), otherHappened.type));
    await h.bus.js.publish(subject, envelopeOf(14, uuidv7(), otherHappened.type));
    await waitFor(async () => (await applied()).some((r) => r.n === 14));
    await waitFor(async () => {
      const dlq = await h.bus.jsm.streams.info(h.bus.naming.stream(DEAD_LETTER_STREAM), { subjects_filter: '>' });
      return dlq.state.subjects?.[h.bus.naming.subject(deadLetterSubject('bustest', 'bustest-retry'))] === 1;
    });
    expect(attempts).toBe(3);
    await consumer.stop();
  });

  it('dead-letters a failing event once: terminated, it is not delivered again when its ack wait passes', async () => {
    const subject = h.bus.naming.subject(otherHappened.type);
    let attempts = 0;
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-terminated',
      event: otherHappened,
      maxDeliver: 2,
      backoffMs: [50],
      ackWaitMs: 300,
      handle: async (event) => {
        if (event.data.n !== 15) return;
        attempts++;
        throw new Error('never works');
      },
    });
    await h.bus.js.publish(subject, envelopeOf(15, uuidv7(), otherHappened.type));
    const parked = async () => {
      const dlq = await h.bus.jsm.streams.info(h.bus.naming.stream(DEAD_LETTER_STREAM), { subjects_filter: '>' });
      return dlq.state.subjects?.[h.bus.naming.subject(deadLetterSubject('bustest', 'bustest-terminated'))] ?? 0;
    };
    await waitFor(async () => (await parked()) === 1);
    // Debian's NATS 2.9 ignored `+TERM <reason>`: the delivery came back after its ack wait and was parked twice
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await parked()).toBe(1);
    expect(attempts).toBe(2);
    await consumer.stop();
  });

  it('handles up to its concurrency at once, each event once, and finishes them before it stops', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    const subject = h.bus.naming.subject(thingHappened.type);
    for (let n = 600; n < 606; n++) await h.bus.js.publish(subject, envelopeOf(n));
    let running = 0;
    let most = 0;
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-parallel',
      event: thingHappened,
      concurrency: 3,
      handle: async (event, trx) => {
        if (event.data.n < 600 || event.data.n > 605) return;
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 150));
        await sql`INSERT INTO applied (n, event_id) VALUES (${event.data.n}, ${event.id})`.execute(trx);
        running--;
      },
    });
    await waitFor(async () => (await applied()).length >= 5);
    await consumer.stop();
    expect(running).toBe(0);
    expect(most).toBe(3);
    expect((await applied()).map((r) => r.n)).toEqual([600, 601, 602, 603, 604, 605]);
  });

  it('applies an event exactly once when the consumer process is killed mid-handling', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    const subject = h.bus.naming.subject(thingHappened.type);
    await durableOfNewEvents('bustest-apply');
    await h.bus.js.publish(subject, envelopeOf(77));
    const { signal } = await runFixture('consume-and-die.ts');
    expect(signal).toBe('SIGKILL');
    expect(await applied()).toEqual([]);

    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-apply',
      event: thingHappened,
      handle: async (event, trx) => {
        await sql`INSERT INTO applied (n, event_id) VALUES (${event.data.n}, ${event.id})`.execute(trx);
      },
    });
    await waitFor(async () => (await applied()).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await applied()).map((r) => r.n)).toEqual([77]);
    await consumer.stop();
  });

  it('handles a burst in fewer transactions than events, each event once and in stream order', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    await durableOfNewEvents('bustest-grouped');
    const subject = h.bus.naming.subject(thingHappened.type);
    for (let n = 1000; n < 1040; n++) await h.bus.js.publish(subject, envelopeOf(n));
    // one event twice in the stream (a publisher that crashed past the duplicate window)
    const twice = uuidv7();
    await h.bus.js.publish(subject, envelopeOf(1040, twice));
    await h.bus.js.publish(subject, envelopeOf(1040, twice));
    const transactions = new Set<string>();
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-grouped',
      event: thingHappened,
      perTransaction: 16,
      handle: async (event, trx) => {
        const tx = await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(trx);
        transactions.add(tx.rows[0]!.id);
        await sql`INSERT INTO applied (n, event_id) VALUES (${event.data.n}, ${event.id})`.execute(trx);
      },
    });
    await waitFor(async () => (await applied()).length >= 41);
    await consumer.stop();
    expect((await applied()).map((r) => r.n)).toEqual(Array.from({ length: 41 }, (_, i) => 1000 + i));
    expect(transactions.size).toBeLessThanOrEqual(10);
  });

  it('handles a group again event by event when one of its events fails: the others once, the failing one dead-lettered', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    await durableOfNewEvents('bustest-group-fails');
    const subject = h.bus.naming.subject(thingHappened.type);
    for (let n = 1100; n < 1112; n++) await h.bus.js.publish(subject, envelopeOf(n));
    const tried: number[] = [];
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-group-fails',
      event: thingHappened,
      perTransaction: 16,
      maxDeliver: 2,
      backoffMs: [50],
      handle: async (event, trx) => {
        tried.push(event.data.n);
        await sql`INSERT INTO applied (n, event_id) VALUES (${event.data.n}, ${event.id})`.execute(trx);
        if (event.data.n === 1105) throw new Error('unlucky');
      },
    });
    const parked = async () => {
      const dlq = await h.bus.jsm.streams.info(h.bus.naming.stream(DEAD_LETTER_STREAM), { subjects_filter: '>' });
      return dlq.state.subjects?.[h.bus.naming.subject(deadLetterSubject('bustest', 'bustest-group-fails'))] ?? 0;
    };
    await waitFor(async () => (await parked()) === 1 && (await applied()).length >= 11);
    await consumer.stop();
    const others = Array.from({ length: 12 }, (_, i) => 1100 + i).filter((n) => n !== 1105);
    expect((await applied()).map((r) => r.n)).toEqual(others);
    // tried in their group first, then alone: the failing one and those before it in the group were tried
    // once more than its two deliveries and the others' one, and applied once
    expect(tried.length).toBeGreaterThan(others.length + 2);
  });

  it('applies each event of a group once when the process is killed in the middle of the group', async () => {
    await sql`DELETE FROM applied`.execute(h.db);
    await durableOfNewEvents('bustest-group-dies');
    const subject = h.bus.naming.subject(thingHappened.type);
    for (let n = 1200; n < 1208; n++) await h.bus.js.publish(subject, envelopeOf(n));
    const { signal } = await runFixture('consume-and-die.ts', {
      CONSUMER: 'bustest-group-dies',
      PER_TRANSACTION: '8',
      DIE_AT: '1205',
    });
    expect(signal).toBe('SIGKILL');
    expect((await applied()).map((r) => r.n)).not.toContain(1205);
    consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-group-dies',
      event: thingHappened,
      perTransaction: 8,
      handle: async (event, trx) => {
        await sql`INSERT INTO applied (n, event_id) VALUES (${event.data.n}, ${event.id})`.execute(trx);
      },
    });
    await waitFor(async () => (await applied()).length >= 8);
    await new Promise((r) => setTimeout(r, 300));
    await consumer.stop();
    expect((await applied()).map((r) => r.n)).toEqual(Array.from({ length: 8 }, (_, i) => 1200 + i));
  });
});
