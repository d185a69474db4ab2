import { revocationKeys, type Redis } from '@voucher/kit';

/**
 * Revocation marks the gateway reads on every request (ID-4, ID-5). Each mark
 * lives as long as an access token can, after which expiry does the same job.
 */
export function revocationStore(redis: Redis, accessTtlSeconds: number) {
  return {
    async revokeToken(jti: string): Promise<void> {
      await redis.set(revocationKeys.token(jti), '1', 'EX', accessTtlSeconds);
    },
    async revokeSessions(sessionIds: string[]): Promise<void> {
      if (sessionIds.length === 0) return;
      const m = redis.multi();
      for (const sid of sessionIds) m.set(revocationKeys.session(sid), '1', 'EX', accessTtlSeconds);
      await m.exec();
    },
    async isSessionRevoked(sessionId: string): Promise<boolean> {
      return (await redis.exists(revocationKeys.session(sessionId))) === 1;
    },
  };
}
export type RevocationStore = ReturnType<typeof revocationStore>;
