import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { signAccessToken } from '@voucher/kit';
import type { Role } from '@voucher/contracts';
import { insertRefreshToken, newRefreshToken, revokeSessions } from '../store/refresh-tokens.ts';
import type { IdentityDb } from '../store/schema.ts';
import type { UserRow } from '../store/users.ts';
import type { IdentityDeps } from './deps.ts';

/**
 * ID-3: a short-lived access token carrying the caller's claims (role, and the
 * officer's district or the staff member's provider and menus) plus a rotating
 * refresh token of the same session.
 */
export async function issueTokens(deps: IdentityDeps, db: Kysely<IdentityDb>, user: UserRow, sessionId = uuidv7()) {
  const now = Math.floor(Date.now() / 1000);
  const providerId = user.role === 'provider' ? user.id : (user.provider_id ?? undefined);
  const accessToken = signAccessToken(
    {
      sub: user.id,
      role: user.role,
      username: user.username,
      jti: uuidv7(),
      sid: sessionId,
      ...(user.district ? { district: user.district } : {}),
      ...(providerId ? { providerId } : {}),
      ...(user.role === 'provider_staff' ? { permissions: user.permissions } : {}),
      iat: now,
      exp: now + deps.settings.accessTtlSeconds,
    },
    deps.settings.signingKey,
  );
  const refreshToken = newRefreshToken();
  await insertRefreshToken(db, {
    id: uuidv7(),
    userId: user.id,
    sessionId,
    token: refreshToken,
    expiresAt: new Date((now + deps.settings.refreshTtlSeconds) * 1000),
  });
  return {
    accessToken,
    refreshToken,
    expiresIn: deps.settings.accessTtlSeconds,
    refreshExpiresIn: deps.settings.refreshTtlSeconds,
    user: { id: user.id, username: user.username, role: user.role as Role },
  };
}

/** Ends sessions in the database and, for tokens already handed out, in Redis (ID-4, ID-5). */
export async function endSessions(
  deps: IdentityDeps,
  db: Kysely<IdentityDb>,
  filter: Parameters<typeof revokeSessions>[1],
): Promise<void> {
  const ended = await revokeSessions(db, filter);
  if ('sessionId' in filter && !ended.includes(filter.sessionId)) ended.push(filter.sessionId);
  await deps.revocations.revokeSessions(ended);
}
