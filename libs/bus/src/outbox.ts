import { v7 as uuidv7 } from 'uuid';
import { sql, type Kysely } from 'kysely';
import type { DataOf, Envelope, EventDef } from '@voucher/contracts';

/**
 * Records an event in the same transaction as the state change it reports
 * (ARCHITECTURE A5): if the transaction rolls back, the event never existed;
 * if it commits, the relay will publish it, even after a crash.
 */
export async function appendEvent<E extends EventDef>(
  trx: Kysely<any>,
  event: E,
  data: DataOf<E>,
  meta: { requestId?: string } = {},
): Promise<Envelope<DataOf<E>>> {
  const envelope: Envelope<DataOf<E>> = {
    id: uuidv7(),
    type: event.type,
    occurredAt: new Date().toISOString(),
    producer: event.producer,
    version: event.version,
    data: event.data.parse(data) as DataOf<E>,
  };
  const headers = meta.requestId ? { 'x-request-id': meta.requestId } : {};
  await sql`INSERT INTO outbox (id, subject, envelope, headers)
            VALUES (${envelope.id}, ${event.type}, ${JSON.stringify(envelope)}::jsonb, ${JSON.stringify(headers)}::jsonb)`.execute(
    trx,
  );
  return envelope;
}
