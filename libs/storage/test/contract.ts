import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { InvalidKeyError, TooLargeError, type BlobStorage } from '../src/index.ts';

/** `bytes` in chunks of `chunk`, as a network stream would deliver them. */
export function chunked(bytes: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })(),
  );
}

/**
 * What every driver guarantees (`BlobStorage`), checked the same way on each:
 * `storage()` is the driver under test, `leftovers()` whatever it still holds
 * besides the blobs the case kept (temporary files, orphan chunks).
 */
export function blobStorageContract(
  driver: string,
  storage: () => BlobStorage,
  leftovers: (kept: string[]) => Promise<unknown[]>,
): void {
  describe(`every storage driver: ${driver}`, () => {
    it('stores a stream of many chunks, measures its size and SHA-256 on the way, and gives it back whole', async () => {
      const bytes = randomBytes(700_000);
      const stored = await storage().put('0190a1b2-file', chunked(bytes));
      expect(stored).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      const chunks: Buffer[] = [];
      for await (const c of (await storage().get('0190a1b2-file')) as Readable) chunks.push(Buffer.from(c));
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      expect(await storage().exists('0190a1b2-file')).toBe(true);
    });

    it('stores an empty stream as an empty blob', async () => {
      expect(await storage().put('empty', Readable.from([]))).toEqual({
        size: 0,
        sha256: createHash('sha256').digest('hex'),
      });
      expect(await text((await storage().get('empty')) as Readable)).toBe('');
    });

    it('accepts exactly maxBytes and refuses one byte more, leaving nothing of it', async () => {
      const limit = 300_000;
      expect((await storage().put('fits', chunked(randomBytes(limit), 7_000), { maxBytes: limit })).size).toBe(limit);
      const refused = storage().put('over', chunked(randomBytes(limit + 1), 7_000), { maxBytes: limit });
      await expect(refused).rejects.toBeInstanceOf(TooLargeError);
      await expect(refused).rejects.toMatchObject({ code: 'TOO_LARGE', maxBytes: limit });
      expect(await storage().exists('over')).toBe(false);
      expect(await storage().get('over')).toBeNull();
      expect(await leftovers(['fits', '0190a1b2-file', 'empty'])).toEqual([]);
    });

    it('stops reading the source at the limit instead of draining it', async () => {
      let produced = 0;
      const endless = Readable.from(
        (function* () {
          for (;;) {
            produced += 16 * 1024;
            yield Buffer.alloc(16 * 1024, 1);
          }
        })(),
      );
      await expect(storage().put('endless', endless, { maxBytes: 64 * 1024 })).rejects.toBeInstanceOf(TooLargeError);
      expect(produced).toBeLessThan(1024 * 1024);
      expect(endless.destroyed).toBe(true);
      expect(await storage().exists('endless')).toBe(false);
    });

    it('leaves the key as it was when the source fails half way', async () => {
      await storage().put('kept', Readable.from([Buffer.from('before')]));
      const failing = () =>
        Readable.from(
          (async function* () {
            yield Buffer.alloc(200_000, 2);
            throw new Error('connection reset');
          })(),
        );
      await expect(storage().put('broken', failing())).rejects.toThrow('connection reset');
      await expect(storage().put('kept', failing())).rejects.toThrow('connection reset');
      expect(await storage().exists('broken')).toBe(false);
      expect(await text((await storage().get('kept')) as Readable)).toBe('before');
    });

    it('replaces a blob put again under the same key', async () => {
      await storage().put('same', chunked(randomBytes(300_000)));
      await storage().put('same', Readable.from([Buffer.from('second')]));
      expect(await text((await storage().get('same')) as Readable)).toBe('second');
    });

    it('answers null for a missing key, and deletes idempotently', async () => {
      expect(await storage().get('never-stored')).toBeNull();
      expect(await storage().exists('never-stored')).toBe(false);
      await storage().put('gone', Readable.from([Buffer.from('x')]));
      await storage().delete('gone');
      await storage().delete('gone');
      expect(await storage().get('gone')).toBeNull();
      expect(await storage().exists('gone')).toBe(false);
    });

    it.each(['../escape', '..', '.tmp', 'a/b', 'a\\b', 'nul\0byte', '', 'x'.repeat(201), '名字', 'a b'])(
      'refuses the key %j on every operation',
      async (key) => {
        await expect(storage().put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(storage().get(key)).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(storage().exists(key)).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(storage().delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
      },
    );
  });
}
