import { AppError } from '@voucher/contracts';
import type { Logger, Redis } from '@voucher/kit';
import type { GatewayConfig } from '../config.ts';

const WINDOW_SECONDS = 60;

// INCR and EXPIRE in one script so a crash between them cannot leave a
// counter without expiry (which would block its key for good). The window's
// number is in the key, so the expiry only has to outlive the window.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** The fixed window `nowMs` falls in: its number, how long its counters must live, and the wait until the next. */
export function windowOf(nowMs: number): { window: number; ttlSeconds: number; retryAfterSeconds: number } {
  const window = Math.floor(nowMs / 1000 / WINDOW_SECONDS);
  return {
    window,
    ttlSeconds: WINDOW_SECONDS + 1,
    retryAfterSeconds: Math.max(1, Math.ceil((window + 1) * WINDOW_SECONDS - nowMs / 1000)),
  };
}

type RedisWithHit = Redis & { rateLimitHit(key: string, ttlSeconds: number): Promise<number> };

/** The stricter classes a route may opt into (DOMAIN §10), on top of the IP and user limits. */
export type LimitClass = 'login' | 'sms' | 'pin';

/** A counter's scope: the kind of subject it counts for and the limit per minute. */
export interface Limit {
  name: string;
  perMinute: number;
}

/**
 * A fixed-window counter per minute in Redis (ARCHITECTURE A1: rate limits in
 * Redis), shared by every gateway replica. A window lets at most twice the
 * limit through across its edge: good enough for abuse control, and one
 * round trip per counter.
 */
export class FixedWindowLimiter {
  private readonly redis: RedisWithHit;

  constructor(
    redis: Redis,
    private readonly logger: Logger,
  ) {
    if (!('rateLimitHit' in redis)) redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  /** Counts one hit of `subject` against `limit`; throws RATE_LIMITED with Retry-After when over. */
  async hit(limit: Limit, subject: string, nowMs = Date.now()): Promise<void> {
    const { window, ttlSeconds, retryAfterSeconds } = windowOf(nowMs);
    let count: number;
    try {
      count = await this.redis.rateLimitHit(`rl:${limit.name}:${subject}:${window}`, ttlSeconds);
    } catch (err) {
      // Fail open: an outage of the counters should not take the whole API
      // down with it; identity's own attempt counters still guard logins.
      this.logger.warn({ err, limit: limit.name }, 'rate limit not checked');
      return;
    }
    if (count > limit.perMinute) {
      throw new AppError('RATE_LIMITED', 'too many requests; try again later', { retryAfterSeconds });
    }
  }
}

/** The limits of one gateway, from its configuration so tests can lower them (A10a). */
export function limitsOf(config: GatewayConfig) {
  return {
    ip: { name: 'ip', perMinute: config.RATE_LIMIT_IP_PER_MINUTE },
    user: { name: 'user', perMinute: config.RATE_LIMIT_USER_PER_MINUTE },
    login: { name: 'login', perMinute: config.RATE_LIMIT_LOGIN_PER_MINUTE },
    sms: { name: 'sms', perMinute: config.RATE_LIMIT_SMS_PER_MINUTE },
    pin: { name: 'pin', perMinute: config.RATE_LIMIT_PIN_PER_MINUTE },
  } satisfies Record<'ip' | 'user' | LimitClass, Limit>;
}
export type Limits = ReturnType<typeof limitsOf>;

/** What a public route's stricter class counts by: the client IP, and for login the account tried. */
export interface LimitSubjects {
  ip: string;
  account: string | undefined;
}

/**
 * The class checks of a public request. Login counts per IP and per account
 * (so a botnet cannot spray one account, nor one IP many accounts); SMS per
 * IP. (PIN routes sign in, and their per-user count rides on the sign-in.)
 */
export async function checkLimitClass(
  limiter: FixedWindowLimiter,
  limits: Limits,
  cls: Exclude<LimitClass, 'pin'>,
  who: LimitSubjects,
): Promise<void> {
  const limit = limits[cls];
  switch (cls) {
    case 'login':
      await limiter.hit(limit, `ip:${who.ip}`);
      if (who.account) await limiter.hit(limit, `account:${who.account.toLowerCase()}`);
      return;
    case 'sms':
      await limiter.hit(limit, `ip:${who.ip}`);
      return;
  }
}
