import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import {
  AccessTokenVerifier,
  accessTokenPrivateKeySetting,
  accessTokenPublicKeySetting,
  DEV_ACCESS_TOKEN_PRIVATE_KEY,
  DEV_ACCESS_TOKEN_PUBLIC_KEY,
  developmentAccessTokenKeys,
  readAccessTokenPrivateKey,
  readAccessTokenPublicKey,
  signAccessToken,
  verifyAccessToken,
  type AccessClaims,
} from '../src/access-token.ts';

const now = Math.floor(Date.now() / 1000);
const claims = (over: Partial<AccessClaims> = {}): AccessClaims => ({
  sub: '0190a6f0-0000-7000-8000-000000000001',
  role: 'admin',
  username: 'someone_1',
  jti: 'j1',
  sid: 's1',
  iat: now,
  exp: now + 900,
  ...over,
});
const { privateKey, publicKey } = developmentAccessTokenKeys;
const another = generateKeyPairSync('ed25519');

describe('A7: access tokens are EdDSA, signed with the private key and checked with the public one', () => {
  it('verifies what the private key signed, and gives the claims back', () => {
    const token = signAccessToken(claims(), privateKey);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    expect(verifyAccessToken(token, publicKey)).toEqual({ ok: true, claims: claims() });
  });

  it('refuses a token signed by another key, or with its claims changed', () => {
    expect(verifyAccessToken(signAccessToken(claims(), another.privateKey), publicKey)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const [h, , sig] = signAccessToken(claims(), privateKey).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify(claims({ role: 'admin', sub: 'x' }))).toString('base64url')}.${sig}`;
    expect(verifyAccessToken(forged, publicKey)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an HS256 token keyed with the public key (no algorithm confusion)', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const body = `${header}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`;
    const mac = createHmac('sha256', DEV_ACCESS_TOKEN_PUBLIC_KEY).update(body).digest('base64url');
    expect(verifyAccessToken(`${body}.${mac}`, publicKey)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses an expired token', () => {
    expect(verifyAccessToken(signAccessToken(claims({ exp: now - 1 }), privateKey), publicKey)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('remembers a verified token, and still checks its expiry at each use', () => {
    const verifier = new AccessTokenVerifier(publicKey, 2);
    const token = signAccessToken(claims({ exp: now + 10 }), privateKey);
    expect(verifier.verify(token, now)).toEqual({ ok: true, claims: claims({ exp: now + 10 }) });
    expect(verifier.verify(token, now + 5)).toMatchObject({ ok: true });
    expect(verifier.verify(token, now + 10)).toEqual({ ok: false, reason: 'expired' });
    expect(verifier.verify(signAccessToken(claims(), another.privateKey), now)).toMatchObject({ ok: false });
    // bounded: a third token pushes the oldest out, and each still verifies
    const tokens = [1, 2, 3].map((i) => signAccessToken(claims({ jti: `j${i}` }), privateKey));
    for (const t of tokens) expect(verifier.verify(t, now)).toMatchObject({ ok: true });
    expect(verifier.verify(tokens[0]!, now)).toMatchObject({ ok: true });
  });
});

describe('the keys from the environment', () => {
  it('reads a key as PEM, as base64 of the PEM or as base64 of the DER', () => {
    const pemB64 = Buffer.from(DEV_ACCESS_TOKEN_PRIVATE_KEY).toString('base64');
    const derB64 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    for (const text of [DEV_ACCESS_TOKEN_PRIVATE_KEY, pemB64, derB64]) {
      const token = signAccessToken(claims(), readAccessTokenPrivateKey(text));
      expect(verifyAccessToken(token, publicKey).ok).toBe(true);
    }
    const spkiB64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(readAccessTokenPublicKey(spkiB64).equals(publicKey)).toBe(true);
  });

  it('refuses a key that is not Ed25519, naming the variable', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = ec.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() =>
      loadConfig({ ACCESS_TOKEN_PUBLIC_KEY: accessTokenPublicKeySetting() }, { ACCESS_TOKEN_PUBLIC_KEY: pem }),
    ).toThrow(/ACCESS_TOKEN_PUBLIC_KEY: not a usable key: the public key must be an Ed25519 key/);
    expect(() =>
      loadConfig(
        { ACCESS_TOKEN_PRIVATE_KEY: accessTokenPrivateKeySetting() },
        { ACCESS_TOKEN_PRIVATE_KEY: 'bm9wZQ==' },
      ),
    ).toThrow(/ACCESS_TOKEN_PRIVATE_KEY: not a usable key/);
  });

  it('uses the built-in development pair outside production, and production refuses it', () => {
    const both = {
      ACCESS_TOKEN_PRIVATE_KEY: accessTokenPrivateKeySetting(),
      ACCESS_TOKEN_PUBLIC_KEY: accessTokenPublicKeySetting(),
    };
    const dev = loadConfig(both, {});
    expect(
      verifyAccessToken(signAccessToken(claims(), dev.ACCESS_TOKEN_PRIVATE_KEY), dev.ACCESS_TOKEN_PUBLIC_KEY).ok,
    ).toBe(true);
    expect(() => loadConfig(both, { NODE_ENV: 'production' })).toThrow(
      /ACCESS_TOKEN_PRIVATE_KEY is the development key pair[\s\S]*ACCESS_TOKEN_PUBLIC_KEY is the development key pair/,
    );
    // the same development key written another way is still the development key
    const disguised = Buffer.from(DEV_ACCESS_TOKEN_PUBLIC_KEY).toString('base64');
    expect(() =>
      loadConfig(
        { ACCESS_TOKEN_PUBLIC_KEY: accessTokenPublicKeySetting() },
        { NODE_ENV: 'production', ACCESS_TOKEN_PUBLIC_KEY: disguised },
      ),
    ).toThrow(/development key pair/);
    const own = loadConfig(both, {
      NODE_ENV: 'production',
      ACCESS_TOKEN_PRIVATE_KEY: another.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      ACCESS_TOKEN_PUBLIC_KEY: another.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    });
    expect(
      verifyAccessToken(signAccessToken(claims(), own.ACCESS_TOKEN_PRIVATE_KEY), own.ACCESS_TOKEN_PUBLIC_KEY).ok,
    ).toBe(true);
  });
});
