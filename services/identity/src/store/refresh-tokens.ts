import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { IdentityDb } from './schema.ts';

type Db = Kysely<IdentityDb>;
export type RefreshTokenRow = Selectable<IdentityDb['refresh_tokens']>;

/** Only a hash is stored: a database dump does not yield usable tokens. */
function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function findRefreshToken(db: Db, token: string): Promise<RefreshTokenRow | undefined> {
  return db
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', hashRefreshToken(token))
    .executeTakeFirst();
}

export async function insertRefreshToken(
  db: Db,
  row: { id: string; userId: string; sessionId: string; token: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      id: row.id,
      user_id: row.userId,
      session_id: row.sessionId,
      token_hash: hashRefreshToken(row.token),
      expires_at: row.expiresAt,
    })
    .execute();
}

/** Marks a token used; false when a concurrent refresh already used it. */
export async function markUsed(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable('refresh_tokens')
    .set({ used_at: new Date() })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Revokes sessions' live tokens and returns the session ids that were still alive. */
export async function revokeSessions(
  db: Db,
  filter: { userId: string; exceptSessionId?: string } | { sessionId: string },
): Promise<string[]> {
  let q = db.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('revoked_at', 'is', null);
  if ('sessionId' in filter) q = q.where('session_id', '=', filter.sessionId);
  else {
    q = q.where('user_id', '=', filter.userId);
    if (filter.exceptSessionId) q = q.where('session_id', '<>', filter.exceptSessionId);
  }
  const rows = await q.returning('session_id').execute();
  return [...new Set(rows.map((r) => r.session_id))];
}
