import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, fromSeed } from '@nats-io/nkeys';
import { workspaceDataDir } from '@voucher/kit';

/**
 * A bus identity's keys (ARCHITECTURE A7). One NKey per identity (a service,
 * or the operator's tooling): its seed logs the process in to NATS and signs
 * the assertions its messages carry; the others' public keys check theirs.
 * The set-up writes them into one folder, `BUS_KEYS_DIR`:
 * `<identity>.nk` (the seed, secret, one per process in production) and
 * `public-keys.json` (every identity's public key, not secret).
 */
export interface BusKeys {
  identity: string;
  /** the NKey seed, for NATS's nkey authentication */
  seed: Uint8Array;
  sign(data: Buffer): Buffer;
  /** whether `signature` over `data` is `identity`'s; false for an unknown identity */
  verify(identity: string, data: Buffer, signature: Buffer): boolean;
  knows(identity: string): boolean;
  /**
   * The secret this identity shares with `identity` and with nobody else: the
   * X25519 agreement of the two NKeys (each Ed25519 key turned into its
   * Montgomery form, as libsodium does), through HKDF. Undefined for an
   * unknown identity. It lets the gateway authenticate a caller to each
   * service with a MAC instead of a signature (A7, A10).
   */
  sharedKey(identity: string): Buffer | undefined;
  /** every identity whose public key is known, this one's included */
  readonly identities: readonly string[];
}

export const PUBLIC_KEYS_FILE = 'public-keys.json';
export const seedFile = (identity: string) => `${identity}.nk`;

// DER framing of raw Ed25519 and X25519 keys (RFC 8410), so Node's crypto uses them natively
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
/** the field of Curve25519 and Edwards25519 */
const P = 2n ** 255n - 19n;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error('not base32');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A user NKey's public key (`U…`: prefix byte, 32 key bytes, CRC-16) as a Node key. */
export function publicKeyObject(nkey: string): KeyObject {
  const raw = base32Decode(nkey);
  if (!nkey.startsWith('U') || raw.length !== 35) throw new Error(`not a user NKey public key: ${nkey.slice(0, 8)}…`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw.subarray(1, 33)]), format: 'der', type: 'spki' });
}

/** The 32-byte Ed25519 seed inside an NKey seed (two prefix bytes, the seed, a CRC-16). */
function rawSeed(seed: Uint8Array): Buffer {
  fromSeed(seed); // checks the seed's prefix and CRC
  return base32Decode(new TextDecoder().decode(seed)).subarray(2, 34);
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, rawSeed(seed)]), format: 'der', type: 'pkcs8' });
}

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % P;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

/** An Ed25519 public key's X25519 form: u = (1 + y) / (1 − y) (RFC 7748's birational map). */
function x25519PublicOf(nkey: string): KeyObject {
  const raw = base32Decode(nkey).subarray(1, 33);
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(raw[i]!);
  y &= (1n << 255n) - 1n; // the top bit is the sign of x, which u does not need
  const u = ((1n + y) * modPow((1n - y + P) % P, P - 2n)) % P;
  const bytes = Buffer.alloc(32);
  let rest = u;
  for (let i = 0; i < 32; i++, rest >>= 8n) bytes[i] = Number(rest & 0xffn);
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, bytes]), format: 'der', type: 'spki' });
}

/** An Ed25519 seed's X25519 form: the first half of its SHA-512, the scalar Ed25519 itself derives. */
function x25519PrivateOf(seed: Uint8Array): KeyObject {
  const scalar = createHash('sha512').update(rawSeed(seed)).digest().subarray(0, 32);
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519, scalar]), format: 'der', type: 'pkcs8' });
}

/** Keys from their parts: the identity's seed and everyone's public keys. */
export function busKeys(identity: string, seed: Uint8Array, publicKeys: Record<string, string>): BusKeys {
  const own = privateKeyObject(seed);
  const others = new Map(Object.entries(publicKeys).map(([id, nkey]) => [id, publicKeyObject(nkey)]));
  const ownPublic = fromSeed(seed).getPublicKey();
  if (publicKeys[identity] !== ownPublic) {
    throw new Error(`the public key listed for ${identity} is not the one of its seed: run the bus set-up again`);
  }
  const ownX25519 = x25519PrivateOf(seed);
  const shared = new Map<string, Buffer>();
  return {
    identity,
    seed,
    sign: (data) => sign(null, data, own),
    verify(id, data, signature) {
      const key = others.get(id);
      return key !== undefined && signature.length === 64 && verify(null, data, key, signature);
    },
    knows: (id) => others.has(id),
    sharedKey(id) {
      const nkey = publicKeys[id];
      if (nkey === undefined) return undefined;
      let key = shared.get(id);
      if (!key) {
        const agreed = diffieHellman({ privateKey: ownX25519, publicKey: x25519PublicOf(nkey) });
        // both ends name the pair in the same order, so both derive the same key
        const pair = [identity, id].sort().join('|');
        key = Buffer.from(hkdfSync('sha256', agreed, 'voucher-bus', `caller assertion ${pair}`, 32));
        shared.set(id, key);
      }
      return key;
    },
    identities: Object.keys(publicKeys),
  };
}

/** The keys of `identity` from the set-up's folder; a clear error names what is missing. */
export function loadBusKeys(dir: string, identity: string): BusKeys {
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8').trim();
    } catch {
      throw new Error(
        `no bus credentials for ${identity}: ${join(dir, file)} is missing (run the set-up: npm run bus-setup)`,
      );
    }
  };
  const publicKeys = JSON.parse(read(PUBLIC_KEYS_FILE)) as Record<string, string>;
  return busKeys(identity, new TextEncoder().encode(read(seedFile(identity))), publicKeys);
}

/** The public key of a seed in its text form. */
export const publicKeyOfSeed = (seed: string): string => fromSeed(new TextEncoder().encode(seed)).getPublicKey();

/** A new identity's seed and public key (the set-up, and tests that need a stranger). */
export function newIdentityKey(): { seed: string; publicKey: string } {
  const kp = createUser();
  return { seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

/** The set-up's keys folder: `BUS_KEYS_DIR`, by default `<repo>/.data/bus/keys`. */
export const busKeysDir = (configured: string | undefined): string =>
  configured ?? join(workspaceDataDir(), 'bus', 'keys');
