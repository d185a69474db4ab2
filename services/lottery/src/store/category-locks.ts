import { sql, type Kysely } from 'kysely';
import type { DB as LotteryDb } from './db.ts';

/**
 * The same lock for everything that records wins of a category (LOT-4): a draw
 * takes it exclusively, so its eligible set, fixed under the lock, already
 * respects every other win; grabs take it shared, since among themselves the
 * annual_wins row and its CHECK already keep one enterprise under its limit.
 */
export async function lockCategories(
  trx: Kysely<LotteryDb>,
  codes: string[],
  mode: 'exclusive' | 'shared' = 'exclusive',
): Promise<void> {
  // always in code order, so two draws over overlapping categories cannot deadlock
  for (const code of [...codes].sort()) {
    const key = `lottery:category:${code}`;
    await (
      mode === 'exclusive'
        ? sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`
        : sql`SELECT pg_advisory_xact_lock_shared(hashtext(${key}))`
    ).execute(trx);
  }
}
