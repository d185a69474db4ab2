import { v7 as uuidv7 } from 'uuid';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DataOf, Envelope, EventDef } from '@voucher/contracts';
import { inBatches } from '@voucher/db';
import type { EventCause } from './headers.ts';
import { traceHeaders } from './trace-context.ts';

/** An event ready for the outbox: its envelope built, its data checked against the catalogue. */
export interface PendingEvent {
  envelope: Envelope<unknown>;
  headers: Record<string, string>;
}

export function prepareEvent<E extends EventDef>(event: E, data: DataOf<E>, cause: EventCause = {}): PendingEvent {
  return {
    envelope: {
      id: uuidv7(),
      type: event.type,
      occurredAt: new Date().toISOString(),
      producer: event.producer,
      version: event.version,
      data: event.data.parse(data),
    },
    // the trace of the work that caused it travels with the event, so its consumers' work joins it (issue 19)
    headers: { ...traceHeaders(cause.trace), ...(cause.requestId ? { 'x-request-id': cause.requestId } : {}) },
  };
}

/** The outbox insert of events, as a statement of the caller's transaction (A5). */
export function outboxInsert(events: PendingEvent[]): RawBuilder<unknown> {
  // one JSON document, not arrays of JSON texts: a draw's chunks are megabytes, which the driver would escape
  // character by character as array elements but sends as they are as one text
  return sql`INSERT INTO outbox (id, subject, envelope, headers)
    SELECT (e->'envelope'->>'id')::uuid, e->'envelope'->>'type', e->'envelope', e->'headers'
    FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) AS e`;
}

/**
 * The outbox insert of the events of many changed rows, as one step of the
 * statement that changes them: an event goes in only if the row it reports
 * (`entityId`) is among those the step `changed` (a CTE returning `id`)
 * returned. The text is the same for any number of events.
 */
export function outboxInsertEach(
  events: { entityId: string; event: PendingEvent }[],
  changed: string,
): RawBuilder<unknown> {
  return sql`INSERT INTO outbox (id, subject, envelope, headers)
    SELECT (e->'event'->'envelope'->>'id')::uuid, e->'event'->'envelope'->>'type', e->'event'->'envelope', e->'event'->'headers'
    FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) AS e
    WHERE e->>'entityId' IN (SELECT id::text FROM ${sql.table(changed)})`;
}

/**
 * Records an event in the same transaction as the state change it reports
 * (ARCHITECTURE A5): if the transaction rolls back, the event never existed;
 * if it commits, the relay will publish it, even after a crash.
 */
export async function appendEvent<E extends EventDef>(
  trx: Kysely<any>,
  event: E,
  data: DataOf<E>,
  cause: EventCause = {},
): Promise<Envelope<DataOf<E>>> {
  const pending = prepareEvent(event, data, cause);
  await outboxInsert([pending]).execute(trx);
  return pending.envelope as Envelope<DataOf<E>>;
}

/**
 * Once-only announcements of what falls due (issue 18's reminders): `take`
 * claims at most `size` rows in one statement and records them as taken, so
 * neither a second run nor a replica beside it takes them again, and one
 * event per row taken is appended in the same transaction. Batch after batch,
 * until one takes fewer: a draw's 100,000 vouchers are never one long
 * transaction. How many were announced.
 */
export function announceInBatches<Row>(
  db: Kysely<any>,
  size: number,
  take: (trx: Kysely<any>) => Promise<Row[]>,
  eventOf: (row: Row) => PendingEvent,
): Promise<number> {
  return inBatches(size, () =>
    db.transaction().execute(async (trx) => {
      const taken = await take(trx);
      if (taken.length > 0) await outboxInsert(taken.map(eventOf)).execute(trx);
      return taken.length;
    }),
  );
}
