import { AppError, callerSchema, type Caller } from '@voucher/contracts';
import { revocationKeys, type AccessClaims, type AccessTokenVerifier, type Logger, type Redis } from '@voucher/kit';
import { windowOf, type Limit, type Limits } from './rate-limit.ts';

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/i;

const unauthenticated = (why: string) => new AppError('UNAUTHENTICATED', why);
const revoked = () => new AppError('TOKEN_REVOKED', 'this session has ended; sign in again');

// One round trip for a signed-in request: the per-IP counter, the three ways a
// token dies (its own logout, the end of its session, a password change that
// voids older tokens: ID-4, ID-5), and, for a live token, the per-user counter
// and the counter of the route's stricter class per user (PIN routes), if any.
// KEYS: ip counter, user counter, revoked token, revoked session, user-before mark, class counter.
// ARGV: counter ttl, '1' when the IP is counted here (else 0 hits come back),
// '1' when the class counter is counted here.
// Returns {ip hits, revoked (0/1), user-before or '', user hits, class hits}.
const SIGNED_IN_SCRIPT = `
local function hit(key)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  return n
end
local ip = 0
if ARGV[2] == '1' then ip = hit(KEYS[1]) end
if redis.call('EXISTS', KEYS[3], KEYS[4]) > 0 then return {ip, 1, '', 0, 0} end
local before = redis.call('GET', KEYS[5]) or ''
local class = 0
if ARGV[3] == '1' then class = hit(KEYS[6]) end
return {ip, 0, before, hit(KEYS[2]), class}`;

type RedisWithAdmission = Redis & {
  admitSignedInCounting(...keysAndTtl: (string | number)[]): Promise<[number, number, string, number, number]>;
};

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

function verifiedCaller(
  authorization: string | undefined,
  verifier: AccessTokenVerifier,
): { caller: Caller; claims: AccessClaims } {
  const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (!token) throw unauthenticated('a bearer access token is required');
  const check = verifier.verify(token);
  if (!check.ok) {
    throw unauthenticated(check.reason === 'expired' ? 'the access token has expired' : 'the access token is invalid');
  }
  const { claims } = check;
  const caller = callerOf(claims);
  if (!caller || typeof claims.jti !== 'string' || typeof claims.sid !== 'string' || typeof claims.iat !== 'number') {
    throw unauthenticated('the access token is invalid');
  }
  return { caller, claims };
}

function overLimit(limit: Limit, count: number, nowMs: number): void {
  if (count <= limit.perMinute) return;
  const { retryAfterSeconds } = windowOf(nowMs);
  throw new AppError('RATE_LIMITED', 'too many requests; try again later', { retryAfterSeconds });
}

/**
 * Bearer authentication (ARCHITECTURE A7) with the per-IP and per-user limits
 * of DOMAIN §10: the signature and expiry say the token is genuine, then one
 * Redis script counts the request and says whether identity revoked the token
 * since. A request with no valid token still spends its IP budget.
 */
export class Authenticator {
  private readonly redis: RedisWithAdmission;

  constructor(
    redis: Redis,
    private readonly verifier: AccessTokenVerifier,
    private readonly limits: Pick<Limits, 'ip' | 'user'>,
    private readonly countAnonymous: (ip: string) => Promise<void>,
    private readonly logger: Logger,
  ) {
    if (!('admitSignedInCounting' in redis))
      redis.defineCommand('admitSignedInCounting', { numberOfKeys: 6, lua: SIGNED_IN_SCRIPT });
    this.redis = redis as RedisWithAdmission;
  }

  /**
   * `countIp` false when the app already counted this request's IP (a route
   * that signs in only sometimes); `classLimit` the route's stricter class
   * counted per user in the same round trip (DOMAIN §10: PIN routes).
   */
  async authenticate(
    authorization: string | undefined,
    { ip, countIp, classLimit }: { ip: string; countIp: boolean; classLimit?: Limit | undefined },
    nowMs = Date.now(),
  ): Promise<Caller> {
    let verified: { caller: Caller; claims: AccessClaims };
    try {
      verified = verifiedCaller(authorization, this.verifier);
    } catch (err) {
      if (countIp) await this.countAnonymous(ip);
      throw err;
    }
    const { caller, claims } = verified;
    const { window, ttlSeconds } = windowOf(nowMs);
    let found: [number, number, string, number, number];
    try {
      found = await this.redis.admitSignedInCounting(
        `rl:${this.limits.ip.name}:${ip}:${window}`,
        `rl:${this.limits.user.name}:${caller.userId}:${window}`,
        revocationKeys.token(claims.jti!),
        revocationKeys.session(claims.sid!),
        revocationKeys.userBefore(claims.sub),
        `rl:${classLimit?.name ?? 'none'}:user:${caller.userId}:${window}`,
        ttlSeconds,
        countIp ? '1' : '0',
        classLimit ? '1' : '0',
      );
    } catch (err) {
      // Fail closed: without Redis a revoked token cannot be told from a live one.
      this.logger.warn({ err }, 'session not checked');
      throw new AppError('UNAVAILABLE', 'cannot check the session right now');
    }
    const [ipHits, isRevoked, userBefore, userHits, classHits] = found;
    overLimit(this.limits.ip, ipHits, nowMs);
    if (isRevoked === 1) throw revoked();
    if (userBefore !== '' && claims.iat! < Number(userBefore)) throw revoked();
    overLimit(this.limits.user, userHits, nowMs);
    if (classLimit) overLimit(classLimit, classHits, nowMs);
    return caller;
  }
}
