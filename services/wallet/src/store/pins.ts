import { sql, type Kysely } from 'kysely';
import type { DB as WalletDb } from './db.ts';

/** WAL-2: each enterprise's payment PIN, as a salted keyed hash (the key is never stored). */
export function pinStore(db: Kysely<WalletDb>) {
  return {
    async find(enterpriseId: string): Promise<{ salt: Buffer; hash: Buffer } | undefined> {
      return (
        await sql<{
          salt: Buffer;
          hash: Buffer;
        }>`SELECT salt, hash FROM pins WHERE enterprise_id = ${enterpriseId}`.execute(db)
      ).rows[0];
    },

    async save(enterpriseId: string, salt: Buffer, hash: Buffer) {
      await sql`INSERT INTO pins (enterprise_id, salt, hash) VALUES (${enterpriseId}, ${salt}, ${hash})
                ON CONFLICT (enterprise_id) DO UPDATE SET salt = EXCLUDED.salt, hash = EXCLUDED.hash,
                  updated_at = now()`.execute(db);
    },
  };
}
