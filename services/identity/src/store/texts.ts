import { sql, type Kysely } from 'kysely';
import type { IdentityDb } from './schema.ts';

/** Issue 18: the texts sent to users, one per caller's key. */

/** the key recorded for this user, with when; undefined when it was recorded before (by this send or another) */
export async function recordText(db: Kysely<IdentityDb>, key: string, userId: string): Promise<Date | undefined> {
  return (
    await sql<{ sent_at: Date }>`
      INSERT INTO sms_texts (key, user_id) VALUES (${key}, ${userId})
      ON CONFLICT (key) DO NOTHING RETURNING sent_at`.execute(db)
  ).rows[0]?.sent_at;
}

/** the text a key was first sent as: to whom, and when */
export function textOf(db: Kysely<IdentityDb>, key: string): Promise<{ user_id: string; sent_at: Date }> {
  return db.selectFrom('sms_texts').select(['user_id', 'sent_at']).where('key', '=', key).executeTakeFirstOrThrow();
}
