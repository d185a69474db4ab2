import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { refusedInProduction } from './config.ts';

/**
 * Access tokens are compact EdDSA (Ed25519) JWTs (ARCHITECTURE A7): identity
 * alone holds the private key and signs them; whoever checks them (the
 * gateway) holds only the public key, so no other process can mint one. The
 * gateway then asks Redis whether a token was revoked.
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

// The one header this platform signs: a token naming another algorithm is
// malformed, never verified some other way (no algorithm confusion).
const HEADER = base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }));

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

export function signAccessToken(claims: AccessClaims, privateKey: KeyObject): string {
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${sign(null, Buffer.from(body), privateKey).toString('base64url')}`;
}

export type TokenCheck =
  { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** The signature and shape of a token, not its expiry. */
function checkSignature(token: string, publicKey: KeyObject): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  if (!verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) {
    return { ok: false, reason: 'bad_signature' };
  }
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims !== 'object' ||
    claims === null ||
    typeof claims.exp !== 'number' ||
    typeof claims.sub !== 'string'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, claims };
}

export function verifyAccessToken(
  token: string,
  publicKey: KeyObject,
  nowSeconds = Math.floor(Date.now() / 1000),
): TokenCheck {
  const check = checkSignature(token, publicKey);
  if (check.ok && check.claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return check;
}

/**
 * Verifies tokens and remembers the claims of the ones whose signature held,
 * so a token used again costs a map lookup instead of an Ed25519 verification
 * (about 110 µs: at the gateway's thousands of requests a second, most of a
 * core; A10). Only verified tokens are remembered, the expiry is checked on
 * every use, and the oldest entry goes when the map is full.
 */
export class AccessTokenVerifier {
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly publicKey: KeyObject,
    private readonly maxEntries = 20_000,
  ) {}

  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): TokenCheck {
    let claims = this.verified.get(token);
    if (!claims) {
      const check = checkSignature(token, this.publicKey);
      if (!check.ok) return check;
      claims = check.claims;
      if (this.verified.size >= this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claims);
    }
    if (claims.exp <= nowSeconds) {
      this.verified.delete(token);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, claims };
  }
}

// --- keys ---

/**
 * The development key pair, built into the code so a local platform and the
 * tests run with no set-up. Production refuses it: anyone can read it here.
 */
export const DEV_ACCESS_TOKEN_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBrVLVmcEl+2F9zhf63cUD3r7/QcvfaTxXgYoHRfRMBR
-----END PRIVATE KEY-----
`;
export const DEV_ACCESS_TOKEN_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAd6BDPHlq3/baWyG9/LzcKv4med+GRyLg4Nv8H5n9G7M=
-----END PUBLIC KEY-----
`;

/** A key as an operator gives it: PEM, or base64 of the PEM, or base64 of the DER (PKCS#8 private, SPKI public). */
function keyInput(text: string): { pem: string } | { der: Buffer } {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return { pem: trimmed };
  const bytes = Buffer.from(trimmed, 'base64');
  const asText = bytes.toString('utf8');
  return asText.startsWith('-----BEGIN') ? { pem: asText } : { der: bytes };
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${what} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

export function readAccessTokenPrivateKey(text: string): KeyObject {
  const input = keyInput(text);
  const key =
    'pem' in input ? createPrivateKey(input.pem) : createPrivateKey({ key: input.der, format: 'der', type: 'pkcs8' });
  return ed25519(key, 'the private key');
}

export function readAccessTokenPublicKey(text: string): KeyObject {
  const input = keyInput(text);
  const key =
    'pem' in input ? createPublicKey(input.pem) : createPublicKey({ key: input.der, format: 'der', type: 'spki' });
  return ed25519(key, 'the public key');
}

const spki = (key: KeyObject) =>
  (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
const DEV_PUBLIC_SPKI = spki(readAccessTokenPublicKey(DEV_ACCESS_TOKEN_PUBLIC_KEY));
const isDevelopmentKey = (key: KeyObject) => spki(key).equals(DEV_PUBLIC_SPKI);
const DEVELOPMENT_KEY_REFUSED =
  'is the development key pair that ships with the code: in production give a key pair of your own (`openssl genpkey -algorithm ed25519`)';

function keySetting(read: (text: string) => KeyObject, fallback: string) {
  return refusedInProduction(
    z
      .string()
      .default(fallback)
      .transform((text, ctx) => {
        try {
          return read(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `not a usable key: ${(err as Error).message}` });
          return z.NEVER;
        }
      }),
    (key) => (isDevelopmentKey(key) ? DEVELOPMENT_KEY_REFUSED : null),
  );
}

/** identity's `ACCESS_TOKEN_PRIVATE_KEY`: signs access tokens; nobody else is given it. */
export const accessTokenPrivateKeySetting = () => keySetting(readAccessTokenPrivateKey, DEV_ACCESS_TOKEN_PRIVATE_KEY);

/** `ACCESS_TOKEN_PUBLIC_KEY` of whoever verifies access tokens (the gateway). */
export const accessTokenPublicKeySetting = () => keySetting(readAccessTokenPublicKey, DEV_ACCESS_TOKEN_PUBLIC_KEY);

/** The development key pair as key objects, for tests that sign or check tokens as identity and the gateway do. */
export const developmentAccessTokenKeys = {
  privateKey: readAccessTokenPrivateKey(DEV_ACCESS_TOKEN_PRIVATE_KEY),
  publicKey: readAccessTokenPublicKey(DEV_ACCESS_TOKEN_PUBLIC_KEY),
};

/** Redis keys shared by identity (writer) and gateway (reader) for revocation (ID-4, ID-5). */
export const revocationKeys = {
  token: (jti: string) => `revoked:jti:${jti}`,
  session: (sid: string) => `revoked:sid:${sid}`,
  /** every token of the user issued before this second is void (ID-4) */
  userBefore: (userId: string) => `revoked:user-before:${userId}`,
};
