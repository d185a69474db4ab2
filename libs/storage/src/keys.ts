import { createHash } from 'node:crypto';

/** A key is one flat name: letters, digits, `_`, `-`, and dots after the first character. */
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** A key that could name a path outside the store (`..`, `/`, `\`, NUL, empty, ...) or is too long. */
export class InvalidKeyError extends Error {
  override name = 'InvalidKeyError';
  readonly code = 'INVALID_KEY';
  constructor(key: string) {
    super(`invalid storage key: ${JSON.stringify(key.slice(0, 80))}`);
  }
}

/**
 * Refuses any key that is not one plain file name. No separators and no
 * leading dot, so no key can climb out of the store or hide among its own
 * bookkeeping (`.tmp`); every driver applies the same rule, so a key valid on
 * disk is valid on S3 and back.
 */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || !KEY.test(key)) throw new InvalidKeyError(String(key));
}

/**
 * Two levels of folders from the key's own hash: keys such as UUIDv7 share
 * their leading (time) characters, so the key's prefix would pile every recent
 * file into one folder; a hash spreads them over 65,536 folders.
 */
export function shardOf(key: string): [string, string] {
  const h = createHash('sha256').update(key).digest('hex');
  return [h.slice(0, 2), h.slice(2, 4)];
}
