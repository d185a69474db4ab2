import { createHmac, timingSafeEqual } from 'node:crypto';
import { callerSchema, type Caller } from '@voucher/contracts';
import type { BusKeys } from './keys.ts';

/**
 * What a request on the bus proves about itself (ARCHITECTURE A4, A7). Two
 * signed statements travel in its headers:
 * - the **sender assertion**, by the process that sends it: "I, `iss`, send
 *   this to `aud`", optionally "acting as the platform itself" (`sys`);
 * - the **caller assertion**, by the gateway only: "this user, with these
 *   claims, is asking", minted when the gateway has checked the access token
 *   and forwarded unchanged by any service the request passes through.
 * The sender assertion is signed with the sender's Ed25519 key. The caller
 * assertion carries one MAC per identity instead, each under the key the
 * gateway shares with that identity alone (`BusKeys.sharedKey`): a receiver
 * checks its own and cannot make another's, so no service can assert a
 * caller to any other, as with a signature, while each new caller costs a
 * few microseconds, not an Ed25519 signature and its verification (~170 µs:
 * at a grab every claim is a new caller; A10).
 * Each is short-lived and minted once per audience or caller, then reused, so
 * a request costs a lookup; a receiver verifies a token once and remembers
 * it until it expires.
 */
export const SENDER_HEADER = 'x-sender';
export const CALLER_HEADER = 'x-caller';

/** Only the gateway turns an access token into a caller (A7). */
export const CALLER_ISSUER = 'gateway';

const LIFETIME_MS = 5 * 60_000;
/** a token is minted anew when less than this is left, so a request in flight never carries a dying one */
const RENEW_BEFORE_MS = 2 * 60_000;
/** clocks of two hosts may differ this much */
const SKEW_MS = 30_000;
const CACHE_LIMIT = 20_000;

interface SenderClaims {
  k: 's';
  iss: string;
  aud: string;
  sys?: true;
  iat: number;
  exp: number;
}

interface CallerClaims {
  k: 'c';
  iss: string;
  c: Caller;
  /** the identities the MACs that follow the body are for, in their order */
  aud: string[];
  iat: number;
  exp: number;
}

/** bytes of HMAC-SHA256 kept per audience (128 bits, as RFC 2104 allows) */
const MAC_BYTES = 16;
/** A caller assertion's MAC of its `body` for one audience, under the key that audience shares with the gateway. */
export const callerMac = (key: Buffer, body: string): Buffer =>
  createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);

type Claims = SenderClaims | CallerClaims;

export interface VerifiedSender {
  identity: string;
  /** the sender acts as the platform itself (a timed job, a saga's own step) */
  system: boolean;
}

/** Why a request's assertions were not believed; said to the sender, logged by the receiver. */
export class AssertionRefused extends Error {
  override name = 'AssertionRefused';
}

/** A map that forgets its oldest entries past `limit`: caches of tokens stay bounded. */
function boundedSet<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

export class BusAssertions {
  private readonly minted = new Map<string, { token: string; renewAt: number }>();
  private readonly verified = new Map<string, Claims>();

  constructor(
    private readonly keys: BusKeys,
    private readonly now: () => number = Date.now,
  ) {}

  get identity(): string {
    return this.keys.identity;
  }

  /** The sender assertion for a request to service `aud`. */
  sender(aud: string, system: boolean): string {
    return this.mint(`s|${aud}|${system ? 1 : 0}`, (iat) => ({
      k: 's',
      iss: this.keys.identity,
      aud,
      ...(system ? { sys: true as const } : {}),
      iat,
      exp: iat + LIFETIME_MS,
    }));
  }

  /** The caller assertion for a user the gateway has authenticated; no other identity may mint one. */
  caller(caller: Caller): string {
    if (this.keys.identity !== CALLER_ISSUER) {
      throw new Error(`${this.keys.identity} cannot assert a caller: forward the assertion the request came with`);
    }
    return this.mint(
      `c|${JSON.stringify(caller)}`,
      (iat) => ({ k: 'c', iss: CALLER_ISSUER, c: caller, aud: [...this.keys.identities], iat, exp: iat + LIFETIME_MS }),
      (body, claims) =>
        (claims as CallerClaims).aud
          .map((id) => callerMac(this.keys.sharedKey(id)!, body).toString('base64url'))
          .join('.'),
    );
  }

  /** The sender of a request addressed to this identity, or why not. */
  verifySender(token: string | undefined): VerifiedSender {
    if (!token) throw new AssertionRefused('the request names no sender');
    const claims = this.verify(token, 's') as SenderClaims;
    if (claims.aud !== this.keys.identity) throw new AssertionRefused(`the sender assertion is for ${claims.aud}`);
    return { identity: claims.iss, system: claims.sys === true };
  }

  /** The caller the gateway asserted, or why not. */
  verifyCaller(token: string): Caller {
    return (this.verify(token, 'c') as CallerClaims).c;
  }

  private mint(
    key: string,
    build: (iat: number) => Claims,
    seal: (body: string, claims: Claims) => string = (body) => this.keys.sign(Buffer.from(body)).toString('base64url'),
  ): string {
    const now = this.now();
    const cached = this.minted.get(key);
    if (cached && cached.renewAt > now) return cached.token;
    const claims = build(now);
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const token = `${body}.${seal(body, claims)}`;
    boundedSet(this.minted, key, { token, renewAt: now + LIFETIME_MS - RENEW_BEFORE_MS });
    return token;
  }

  private verify(token: string, kind: Claims['k']): Claims {
    const now = this.now();
    let claims = this.verified.get(token);
    if (!claims) {
      claims = this.check(token);
      boundedSet(this.verified, token, claims);
    }
    if (claims.k !== kind) throw new AssertionRefused('an assertion of the wrong kind');
    if (claims.exp <= now) throw new AssertionRefused('the assertion has expired');
    if (claims.iat > now + SKEW_MS) throw new AssertionRefused('the assertion is from the future');
    return claims;
  }

  private check(token: string): Claims {
    const dot = token.indexOf('.');
    if (dot < 0) throw new AssertionRefused('a malformed assertion');
    const body = token.slice(0, dot);
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    } catch {
      throw new AssertionRefused('a malformed assertion');
    }
    if (typeof claims?.iss !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
      throw new AssertionRefused('a malformed assertion');
    }
    if (claims.k === 'c') {
      this.checkCallerMac(claims, body, token.slice(dot + 1).split('.'));
      if (!callerSchema.safeParse(claims.c).success) throw new AssertionRefused('the asserted caller is malformed');
    } else if (!this.keys.verify(claims.iss, Buffer.from(body), Buffer.from(token.slice(dot + 1), 'base64url'))) {
      throw new AssertionRefused(`the assertion is not signed by ${claims.iss}`);
    }
    return claims;
  }

  /** This identity's MAC among the caller assertion's, under the key it shares with the gateway alone. */
  private checkCallerMac(claims: CallerClaims, body: string, macs: string[]): void {
    if (claims.iss !== CALLER_ISSUER) throw new AssertionRefused('only the gateway asserts a caller');
    const at = Array.isArray(claims.aud) ? claims.aud.indexOf(this.keys.identity) : -1;
    if (at < 0 || macs.length !== claims.aud.length) {
      throw new AssertionRefused(`the caller assertion is not made for ${this.keys.identity}`);
    }
    const key = this.keys.sharedKey(CALLER_ISSUER);
    const given = Buffer.from(macs[at]!, 'base64url');
    if (!key || given.length !== MAC_BYTES || !timingSafeEqual(given, callerMac(key, body))) {
      throw new AssertionRefused(`the caller assertion is not the gateway's`);
    }
  }
}
