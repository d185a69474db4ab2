import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobStorageContract } from './contract.ts';
import { createStorage, defaultStorageDir, InvalidKeyError, localDiskStorage, type BlobStorage } from '../src/index.ts';

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

blobStorageContract(
  'local (files on this host)',
  () => storage,
  async (kept) => (await filesUnder(join(dir, 'uploads'))).filter((f) => !kept.includes(f.split('/').pop()!)),
);

describe('localDiskStorage', () => {
  it('keeps the blob in two levels of hashed folders, with no temp file left', async () => {
    await storage.put('k1', Readable.from([Buffer.from('one')]));
    const files = await filesUnder(join(dir, 'uploads'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/uploads\/[0-9a-f]{2}\/[0-9a-f]{2}\/k1$/);
    expect(await readFile(files[0] as string, 'utf8')).toBe('one');
  });

  it('writes no file for a refused key, not even outside its folder', async () => {
    for (const key of ['../escape', '../../etc/passwd', '.', '/abs']) {
      await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidKeyError);
    }
    expect(await filesUnder(dir)).toEqual([]);
  });
});

describe('createStorage', () => {
  it('builds the local driver on STORAGE_DIR, relative to the working directory', async () => {
    const s = createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: 'blobs' }, { cwd: dir });
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
