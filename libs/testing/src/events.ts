import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Bus, EVENTS_STREAM } from '@voucher/bus';
import type { DataOf, EventDef } from '@voucher/contracts';

/** Publishes an event as its producer's relay would (same envelope, event id as message id); returns its id. */
export async function publishEvent<E extends EventDef>(bus: Bus, event: E, data: DataOf<E>): Promise<string> {
  const id = randomUUID();
  const envelope = {
    id,
    type: event.type,
    occurredAt: new Date().toISOString(),
    producer: event.producer,
    version: event.version,
    data,
  };
  await bus.js.publish(bus.naming.subject(event.type), JSON.stringify(envelope), { msgID: id });
  return id;
}

/**
 * Publishes an event, then waits until the consuming service's inbox has it:
 * the test goes on only once the projection is applied.
 */
export async function announce<E extends EventDef>(
  bus: Bus,
  consumerDb: Kysely<any>,
  event: E,
  data: DataOf<E>,
  { timeoutMs = 5000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const id = await publishEvent(bus, event, data);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM inbox WHERE event_id = ${id}`.execute(consumerDb);
    if (r.rows[0]!.n > 0) return;
    if (Date.now() > until) throw new Error(`${event.type} was not handled within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** How many events of a type the run's stream holds. */
export async function eventCount(bus: Bus, event: EventDef): Promise<number> {
  const info = await bus.jsm.streams.info(bus.naming.stream(EVENTS_STREAM), { subjects_filter: '>' });
  return info.state.subjects?.[bus.naming.subject(event.type)] ?? 0;
}
