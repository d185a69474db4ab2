import { headers as natsHeaders } from '@nats-io/transport-node';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Bus } from './bus.ts';

export interface OutboxRelayOptions {
  pool: pg.Pool;
  schema: string;
  bus: Bus;
  logger: Logger;
  batchSize?: number;
  /** fallback poll when no NOTIFY arrives (a lost LISTEN connection, rows left by a crash) */
  pollMs?: number;
}

export interface OutboxRelay {
  /** publish everything pending now; resolves to how many were sent */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

interface OutboxRow {
  id: string;
  subject: string;
  /** the envelope's JSON as PostgreSQL writes jsonb out (a space after each colon and comma), sent as read */
  envelope: string;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows to JetStream with the event id as message id
 * and marks them sent (ARCHITECTURE A5). Rows are locked with SKIP LOCKED so
 * replicas share the work; a crash between publish and mark only causes a
 * re-publish, which JetStream drops as a duplicate and inboxes ignore.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, schema, bus, logger, batchSize = 200, pollMs = 1000 } = options;
  const log = logger.child({ component: 'outbox-relay' });
  let stopped = false;
  let listener: pg.Client | undefined;

  async function publishBatch(): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        // the envelope as text, never parsed here: a batch of a publication's result chunks is a million
        // ids, which as objects ran the lottery out of a 128 MB heap, Node's in a 512Mi container (issue 20)
        `SELECT id, subject, envelope::text AS envelope, headers FROM outbox WHERE sent_at IS NULL
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      try {
        await Promise.all(
          rows.map((row) => {
            const h = natsHeaders();
            for (const [k, v] of Object.entries(row.headers)) h.set(k, v);
            return bus.js.publish(bus.naming.subject(row.subject), row.envelope, {
              msgID: row.id,
              headers: h,
            });
          }),
        );
      } catch (err) {
        await client.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
          rows.map((r) => r.id),
          String((err as Error).message).slice(0, 500),
        ]);
        await client.query('COMMIT');
        throw err;
      }
      await client.query(`UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await publishBatch();
      total += n;
      if (n < batchSize) return total;
    }
  }

  /**
   * One drain at a time. A call waits for a drain that starts after it (so
   * rows committed before the call are sent when it resolves); calls made
   * while such a drain is still queued share it, so wake-ups never pile up.
   */
  let queued: Promise<number> | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  function flush(): Promise<number> {
    if (queued) return queued;
    const next = tail.then(() => {
      queued = undefined;
      if (stopped) return 0;
      return drain().catch((err) => {
        log.warn({ err }, 'outbox publish failed; will retry');
        return 0;
      });
    });
    queued = next;
    tail = next;
    return next;
  }

  /**
   * The listener is a connection of its own, outside the pool: held for the
   * process's life, it would otherwise take one of DB_POOL_MAX for good, and
   * a pool of 2 would leave one connection for all the work.
   */
  let connecting = false;
  async function listen(): Promise<void> {
    if (connecting) return;
    connecting = true;
    const client = new pg.Client(pool.options);
    client.on('notification', () => void flush());
    client.on('error', (err) => {
      // after stop() closed it, an error (the database going away) is no longer ours
      if (listener !== client) return;
      log.warn({ err }, 'outbox listener lost; polling until it is back');
      listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN outbox_${schema}`);
      if (stopped) {
        await client.end();
        return;
      }
      listener = client;
    } catch (err) {
      log.warn({ err }, 'cannot listen for outbox notifications; polling');
      await client.end().catch(() => undefined);
    } finally {
      connecting = false;
    }
  }

  const timer = setInterval(() => {
    if (!listener && !stopped) void listen();
    void flush();
  }, pollMs);
  timer.unref();
  void listen().then(() => flush());

  return {
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await tail;
      if (listener) {
        const l = listener;
        listener = undefined;
        await l.end().catch(() => undefined);
      }
    },
  };
}

/**
 * The outbox rows not yet on the bus and how long the oldest has waited
 * (issue 19: an age over 30 s means the relay is stuck or NATS is away).
 * Served by the partial index of pending rows, however large the table.
 */
export async function outboxBacklog(pool: pg.Pool): Promise<{ rows: number; oldestAgeSeconds: number }> {
  const { rows } = await pool.query<{ rows: number; age: number }>(
    `SELECT count(*)::int AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
     FROM outbox WHERE sent_at IS NULL`,
  );
  return { rows: rows[0]!.rows, oldestAgeSeconds: rows[0]!.age };
}
