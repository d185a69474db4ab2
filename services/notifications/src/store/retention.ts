import { sql, type Kysely } from 'kysely';
import type { NotificationsDb } from './schema.ts';
import { inBatches } from '@voucher/db';

/** rows per statement: a year-old draw is a million messages, deleted in short transactions */
const SWEEP_BATCH = 10_000;

/**
 * Deletes the messages past their `keep_until` (one year, issue 18 item 1),
 * then the texts past theirs: a text's messages were written with it and are
 * kept as long, so none is left pointing at a text swept. In batches, each its
 * own statement, so the sweep of a draw's million never holds a long lock.
 */
export async function sweepExpired(db: Kysely<NotificationsDb>): Promise<{ messages: number; texts: number }> {
  const swept = { messages: 0, texts: 0 };
  for (const [table, key] of [
    ['messages', 'messages'],
    ['message_texts', 'texts'],
  ] as const) {
    swept[key] = await inBatches(SWEEP_BATCH, async () => {
      const deleted = await sql`
        DELETE FROM ${sql.table(table)} WHERE id IN (
          SELECT id FROM ${sql.table(table)} WHERE keep_until < now() LIMIT ${SWEEP_BATCH})`.execute(db);
      return Number(deleted.numAffectedRows ?? 0);
    });
  }
  return swept;
}
