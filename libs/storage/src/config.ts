import { join, resolve } from 'node:path';
import { z } from 'zod';
import { workspaceDataDir } from '@voucher/kit';
import type { BlobStorage } from './blob-storage.ts';
import { localDiskStorage } from './local-disk.ts';

/** Drivers `STORAGE_DRIVER` may name; an S3-compatible one would join here (see `BlobStorage`). */
export const storageDrivers = ['local'] as const;
export type StorageDriver = (typeof storageDrivers)[number];

/**
 * The variables a process that stores blobs reads (spread into its config):
 * - `STORAGE_DRIVER`: `local` (the default and, for now, the only driver).
 * - `STORAGE_DIR`: the local driver's folder, relative to the working
 *   directory if not absolute; default `<repo>/.data/uploads`, where `<repo>`
 *   is the npm workspace root above the working directory (else the working
 *   directory itself). Several gateway replicas must share it (a network
 *   volume) or use an S3-compatible driver.
 */
export const storageConfig = {
  STORAGE_DRIVER: z.enum(storageDrivers).default('local'),
  STORAGE_DIR: z.string().min(1).optional(),
};
export type StorageConfig = z.infer<z.ZodObject<typeof storageConfig>>;

/** `<repo>/.data/uploads`: the same folder whether a service starts from the repo root or its own folder. */
export function defaultStorageDir(cwd = process.cwd()): string {
  return join(workspaceDataDir(cwd), 'uploads');
}

/** The configured driver. */
export function createStorage(config: StorageConfig, cwd = process.cwd()): BlobStorage {
  switch (config.STORAGE_DRIVER) {
    case 'local':
      return localDiskStorage(config.STORAGE_DIR ? resolve(cwd, config.STORAGE_DIR) : defaultStorageDir(cwd));
  }
}
