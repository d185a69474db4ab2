import type pg from 'pg';
import { Bus, consumerLags, DeadLetters, outboxBacklog } from '@voucher/bus';
import type { ProcessMetrics } from '@voucher/metrics';

/**
 * The series every service process reports beside the bus's own (issue 19),
 * read when scraped: its outbox backlog, its PostgreSQL pool, and the state
 * of its durable consumers and their dead letters in JetStream. Replicas of
 * one service report the same consumers: the alert rules take the maximum.
 */
export function observeProcess(metrics: ProcessMetrics, { pool, bus }: { pool: pg.Pool; bus: Bus }): void {
  // one query for both series: a scrape collects every metric at once, so both ask before either answers
  let asked: ReturnType<typeof outboxBacklog> | undefined;
  const backlog = () => (asked ??= outboxBacklog(pool).finally(() => (asked = undefined)));
  metrics.gauge('outbox_unpublished_rows', 'Outbox rows committed and not yet published to NATS', [], async (g) => {
    g.set((await backlog()).rows);
  });
  metrics.gauge(
    'outbox_oldest_unpublished_age_seconds',
    'How long the oldest unpublished outbox row has waited',
    [],
    async (g) => g.set((await backlog()).oldestAgeSeconds),
  );

  metrics.gauge('db_pool_connections', 'PostgreSQL connections of this process, by state', ['state'], (g) => {
    g.set({ state: 'total' }, pool.totalCount);
    g.set({ state: 'idle' }, pool.idleCount);
    g.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
  });
  metrics.gauge('db_pool_waiting_clients', 'Queries waiting for a PostgreSQL connection of this process', [], (g) => {
    g.set(pool.waitingCount);
  });

  metrics.gauge(
    'bus_consumer_messages',
    'Messages of a durable consumer: pending (not yet delivered), ack_pending (delivered, not yet acknowledged), redelivered',
    ['consumer', 'state'],
    async (g) => {
      for (const lag of await consumerLags(bus)) {
        g.set({ consumer: lag.consumer, state: 'pending' }, lag.pending);
        g.set({ consumer: lag.consumer, state: 'ack_pending' }, lag.ackPending);
        g.set({ consumer: lag.consumer, state: 'redelivered' }, lag.redelivered);
      }
    },
  );
  const deadLetters = new DeadLetters(bus);
  metrics.gauge(
    'bus_dead_letters',
    'Dead letters parked by the consumers of this service, waiting for replay or discard',
    ['consumer'],
    async (g) => {
      for (const name of bus.durables.keys()) g.set({ consumer: name }, 0);
      for (const [name, n] of await deadLetters.countsByConsumer()) g.set({ consumer: name }, n);
    },
  );
}
