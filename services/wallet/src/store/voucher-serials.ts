import { sql, type Kysely } from 'kysely';
import type { DB as WalletDb } from './db.ts';

/**
 * `count` serials of a programme year for new vouchers' numbers (DOMAIN §0),
 * ascending. Each year has its own sequence, made by the first chunk of the
 * year (others wait for it on a lock); `nextval` never waits, so concurrent
 * chunks interleave their serials rather than queue for a counter.
 */
export async function takeSerials(trx: Kysely<WalletDb>, year: number, count: number): Promise<number[]> {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`not a programme year: ${year}`);
  const sequence = `voucher_serials_${year}`;
  const made = (await sql<{ made: boolean }>`SELECT to_regclass(${sequence}) IS NOT NULL AS made`.execute(trx)).rows[0]!
    .made;
  if (!made) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`wallet:${sequence}`}))`.execute(trx);
    await sql`CREATE SEQUENCE IF NOT EXISTS ${sql.id(sequence)}`.execute(trx);
  }
  const rows = (
    await sql<{ serial: string }>`SELECT nextval(${sequence}::regclass) AS serial FROM generate_series(1, ${count})
                                   ORDER BY 1`.execute(trx)
  ).rows;
  return rows.map((r) => Number(r.serial));
}
