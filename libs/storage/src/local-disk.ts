import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobSource, BlobStorage, PutOptions, StoredBlob } from './blob-storage.ts';
import { assertValidKey, InvalidKeyError, shardOf } from './keys.ts';
import { createMeter } from './meter.ts';

/** Unfinished writes; on the same file system as the blobs, so the final rename is atomic. */
const TEMP_FOLDER = '.tmp';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs as files under `dir` (one host, or several sharing a network volume),
 * at `<dir>/<h0h1>/<h2h3>/<key>` where `h` is the key's SHA-256. A write goes
 * to `<dir>/.tmp/` first and is renamed into place only once complete and
 * flushed, so a reader never sees half a file and a failed or oversized
 * upload leaves nothing behind. Folders are created on demand.
 */
export function localDiskStorage(dir: string): BlobStorage {
  const root = resolve(dir);

  function pathOf(key: string): string {
    assertValidKey(key);
    const path = join(root, ...shardOf(key), key);
    // belt and braces: the key rule already makes an escape impossible
    if (!path.startsWith(root + sep)) throw new InvalidKeyError(key);
    return path;
  }

  return {
    driver: 'local',

    async put(key: string, source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
      const target = pathOf(key);
      const tempDir = join(root, TEMP_FOLDER);
      await mkdir(tempDir, { recursive: true });
      const temp = join(tempDir, `${randomUUID()}.part`);
      const meter = createMeter(options.maxBytes);
      try {
        await pipeline(source, meter, createWriteStream(temp, { flags: 'wx', flush: true }));
        await mkdir(dirname(target), { recursive: true });
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return meter.result();
    },

    async get(key: string): Promise<Readable | null> {
      const path = pathOf(key);
      try {
        const handle = await open(path, 'r');
        return handle.createReadStream();
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },

    async delete(key: string): Promise<void> {
      await rm(pathOf(key), { force: true });
    },

    async exists(key: string): Promise<boolean> {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },
  };
}
