import { AppError, callerSchema, type Caller } from '@voucher/contracts';
import { revocationKeys, verifyAccessToken, type AccessClaims, type Redis } from '@voucher/kit';

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/i;

const unauthenticated = (why: string) => new AppError('UNAUTHENTICATED', why);
const revoked = () => new AppError('TOKEN_REVOKED', 'this session has ended; sign in again');

/** The claims of a verified token, in the shape services read from the bus (A4). */
function callerOf(claims: AccessClaims): Caller | undefined {
  const parsed = callerSchema.safeParse({
    userId: claims.sub,
    role: claims.role,
    username: claims.username,
    sessionId: claims.sid,
    tokenId: claims.jti,
    district: claims.district,
    providerId: claims.providerId,
    permissions: claims.permissions,
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * Bearer authentication (ARCHITECTURE A7): the signature and expiry say the
 * token is genuine, then Redis says whether identity revoked it since (logout
 * of this token, end of its session, or a password change voiding every token
 * of the user issued before it: ID-4, ID-5).
 */
export class Authenticator {
  constructor(
    private readonly redis: Redis,
    private readonly secret: string,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Caller> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (!token) throw unauthenticated('a bearer access token is required');
    const check = verifyAccessToken(token, this.secret);
    if (!check.ok) {
      throw unauthenticated(
        check.reason === 'expired' ? 'the access token has expired' : 'the access token is invalid',
      );
    }
    const { claims } = check;
    const caller = callerOf(claims);
    if (!caller || typeof claims.jti !== 'string' || typeof claims.sid !== 'string' || typeof claims.iat !== 'number') {
      throw unauthenticated('the access token is invalid');
    }
    await this.refuseRevoked(claims);
    return caller;
  }

  private async refuseRevoked(claims: AccessClaims): Promise<void> {
    let found: (string | null)[];
    try {
      // one round trip for the three ways a token dies
      found = await this.redis.mget(
        revocationKeys.token(claims.jti),
        revocationKeys.session(claims.sid),
        revocationKeys.userBefore(claims.sub),
      );
    } catch {
      // Fail closed: without Redis a revoked token cannot be told from a live one.
      throw new AppError('UNAVAILABLE', 'cannot check the session right now');
    }
    const [token, session, userBefore] = found;
    if (token !== null && token !== undefined) throw revoked();
    if (session !== null && session !== undefined) throw revoked();
    if (userBefore !== null && userBefore !== undefined && claims.iat < Number(userBefore)) throw revoked();
  }
}
