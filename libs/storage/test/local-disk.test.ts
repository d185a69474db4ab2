import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createStorage,
  defaultStorageDir,
  InvalidKeyError,
  localDiskStorage,
  TooLargeError,
  type BlobStorage,
} from '../src/index.ts';

let dir: string;
let storage: BlobStorage;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storage-test-'));
  // a folder that does not exist yet: the driver creates it on demand
  storage = localDiskStorage(join(dir, 'uploads'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file under a folder, recursively (the store's blobs and temp files alike). */
async function filesUnder(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** `total` bytes in chunks of `chunk`, as a network stream would deliver them. */
function chunked(bytes: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })(),
  );
}

describe('localDiskStorage', () => {
  it('stores a stream and measures its size and SHA-256 on the way', async () => {
    const bytes = randomBytes(300_000);
    const stored = await storage.put('0190a1b2-file', chunked(bytes));
    expect(stored).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const back = await storage.get('0190a1b2-file');
    expect(back).not.toBeNull();
    const chunks: Buffer[] = [];
    for await (const c of back as Readable) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(await storage.exists('0190a1b2-file')).toBe(true);
  });

  it('keeps the blob in two levels of hashed folders, with no temp file left', async () => {
    await storage.put('k1', Readable.from([Buffer.from('one')]));
    const files = await filesUnder(join(dir, 'uploads'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/uploads\/[0-9a-f]{2}\/[0-9a-f]{2}\/k1$/);
    expect(await readFile(files[0] as string, 'utf8')).toBe('one');
  });

  it('stores an empty stream as an empty blob', async () => {
    expect(await storage.put('empty', Readable.from([]))).toEqual({
      size: 0,
      sha256: createHash('sha256').digest('hex'),
    });
  });

  it('accepts exactly maxBytes and refuses one byte more, leaving no file behind', async () => {
    const limit = 100_000;
    expect((await storage.put('fits', chunked(randomBytes(limit), 7_000), { maxBytes: limit })).size).toBe(limit);

    const refused = storage.put('over', chunked(randomBytes(limit + 1), 7_000), { maxBytes: limit });
    await expect(refused).rejects.toBeInstanceOf(TooLargeError);
    await expect(refused).rejects.toMatchObject({ code: 'TOO_LARGE', maxBytes: limit });
    expect(await storage.exists('over')).toBe(false);
    const left = await filesUnder(join(dir, 'uploads'));
    expect(left.map((f) => f.split('/').pop())).toEqual(['fits']);
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
    await expect(storage.put('endless', endless, { maxBytes: 64 * 1024 })).rejects.toBeInstanceOf(TooLargeError);
    expect(produced).toBeLessThan(1024 * 1024);
    expect(endless.destroyed).toBe(true);
    expect(await filesUnder(join(dir, 'uploads'))).toEqual([]);
  });

  it('leaves nothing when the source fails half way', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(10_000, 2);
        throw new Error('connection reset');
      })(),
    );
    await expect(storage.put('broken', failing)).rejects.toThrow('connection reset');
    expect(await filesUnder(join(dir, 'uploads'))).toEqual([]);
  });

  it('replaces a blob put again under the same key', async () => {
    await storage.put('same', Readable.from([Buffer.from('first')]));
    await storage.put('same', Readable.from([Buffer.from('second')]));
    expect(await text((await storage.get('same')) as Readable)).toBe('second');
  });

  it('answers null for a missing key, and deletes idempotently', async () => {
    expect(await storage.get('never-stored')).toBeNull();
    expect(await storage.exists('never-stored')).toBe(false);
    await storage.put('gone', Readable.from([Buffer.from('x')]));
    await storage.delete('gone');
    await storage.delete('gone');
    expect(await storage.get('gone')).toBeNull();
  });

  it.each([
    '../escape',
    '../../etc/passwd',
    '..',
    '.',
    '.tmp',
    'a/b',
    '/abs',
    'a\\b',
    'nul\0byte',
    '',
    'x'.repeat(201),
    '名字',
  ])('refuses the key %j on every operation', async (key) => {
    await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
    expect(await filesUnder(dir)).toEqual([]);
  });
});

describe('createStorage', () => {
  it('builds the local driver on STORAGE_DIR, relative to the working directory', async () => {
    const s = createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: 'blobs' }, dir);
    expect(s.driver).toBe('local');
    await s.put('k', Readable.from([Buffer.from('x')]));
    expect((await filesUnder(join(dir, 'blobs'))).length).toBe(1);
  });

  it('defaults to .data/uploads at the workspace root, wherever the process starts', () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    expect(defaultStorageDir(join(root, 'services', 'gateway'))).toBe(join(root, '.data', 'uploads'));
    expect(defaultStorageDir(root)).toBe(join(root, '.data', 'uploads'));
    // outside any workspace: below the working directory itself
    expect(defaultStorageDir(dir)).toBe(join(dir, '.data', 'uploads'));
  });
});
