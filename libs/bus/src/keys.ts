import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
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
}

export const PUBLIC_KEYS_FILE = 'public-keys.json';
export const seedFile = (identity: string) => `${identity}.nk`;

// DER framing of a raw Ed25519 key (RFC 8410), so Node's crypto signs and verifies natively
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
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

function privateKeyObject(seed: Uint8Array): KeyObject {
  fromSeed(seed); // checks the seed's prefix and CRC
  // a seed is two prefix bytes, the 32-byte Ed25519 seed and a CRC-16
  const raw = base32Decode(new TextDecoder().decode(seed)).subarray(2, 34);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw]), format: 'der', type: 'pkcs8' });
}

/** Keys from their parts: the identity's seed and everyone's public keys. */
export function busKeys(identity: string, seed: Uint8Array, publicKeys: Record<string, string>): BusKeys {
  const own = privateKeyObject(seed);
  const others = new Map(Object.entries(publicKeys).map(([id, nkey]) => [id, publicKeyObject(nkey)]));
  const ownPublic = fromSeed(seed).getPublicKey();
  if (publicKeys[identity] !== ownPublic) {
    throw new Error(`the public key listed for ${identity} is not the one of its seed: run the bus set-up again`);
  }
  return {
    identity,
    seed,
    sign: (data) => sign(null, data, own),
    verify(id, data, signature) {
      const key = others.get(id);
      return key !== undefined && signature.length === 64 && verify(null, data, key, signature);
    },
    knows: (id) => others.has(id),
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
