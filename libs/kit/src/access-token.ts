import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Access tokens are compact HS256 JWTs (ARCHITECTURE A7): identity signs them,
 * the gateway verifies them with the same configured secret and then asks
 * Redis whether they were revoked.
 */
export interface AccessClaims {
  sub: string;
  role: string;
  username: string;
  /** token id, used to revoke this very token on logout (ID-5) */
  jti: string;
  /** session id: the refresh-token family the token was issued with */
  sid: string;
  district?: string;
  providerId?: string;
  permissions?: string[];
  iat: number;
  exp: number;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function sign(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function signAccessToken(claims: AccessClaims, secret: string): string {
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

export type TokenCheck =
  { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export function verifyAccessToken(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** Redis keys shared by identity (writer) and gateway (reader) for revocation (ID-4, ID-5). */
export const revocationKeys = {
  token: (jti: string) => `revoked:jti:${jti}`,
  session: (sid: string) => `revoked:sid:${sid}`,
  /** every token of the user issued before this second is void (ID-4) */
  userBefore: (userId: string) => `revoked:user-before:${userId}`,
};
