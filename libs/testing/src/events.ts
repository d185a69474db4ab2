import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { EVENTS_STREAM } from '@voucher/bus';
import type { DataOf, EventDef } from '@voucher/contracts';
import type { TestClient } from './bus-client.ts';

/**
 * Publishes an event as its producer's relay would: as the producer's bus
 * identity (only it may publish `evt.<producer>.>`), same envelope, event id
 * as message id. Returns its id. A redelivery is the same event id under
 * another message id, which JetStream's duplicate window does not drop.
 */
export async function publishEvent<E extends EventDef>(
  client: TestClient,
  event: E,
  data: DataOf<E>,
  { id = randomUUID(), messageId = id }: { id?: string; messageId?: string } = {},
): Promise<string> {
  const envelope = {
    id,
    type: event.type,
    occurredAt: new Date().toISOString(),
    producer: event.producer,
    version: event.version,
    data,
  };
  const producer = await client.busAs(event.producer);
  await producer.js.publish(producer.naming.subject(event.type), JSON.stringify(envelope), { msgID: messageId });
  return id;
}

/**
 * Publishes an event, then waits until the consuming service's inbox has it:
 * the test goes on only once the projection is applied. A service with
 * several consumers of the event (notifications: a message and a to-do of one
 * order step) names them in `consumers`, and all of them must have it.
 */
export async function announce<E extends EventDef>(
  client: TestClient,
  consumerDb: Kysely<any>,
  event: E,
  data: DataOf<E>,
  { timeoutMs = 5000, consumers }: { timeoutMs?: number; consumers?: readonly string[] } = {},
): Promise<void> {
  const id = await publishEvent(client, event, data);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = consumers
      ? await sql<{ n: number }>`SELECT count(*)::int AS n FROM inbox
          WHERE event_id = ${id} AND consumer = ANY(${consumers as string[]})`.execute(consumerDb)
      : await sql<{ n: number }>`SELECT count(*)::int AS n FROM inbox WHERE event_id = ${id}`.execute(consumerDb);
    if (r.rows[0]!.n >= (consumers?.length ?? 1)) return;
    if (Date.now() > until) throw new Error(`${event.type} was not handled within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** How many events of a type the run's stream holds. */
export async function eventCount(client: TestClient, event: EventDef): Promise<number> {
  const info = await client.bus.jsm.streams.info(client.bus.naming.stream(EVENTS_STREAM), { subjects_filter: '>' });
  return info.state.subjects?.[client.bus.naming.subject(event.type)] ?? 0;
}
