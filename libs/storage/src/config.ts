import { join, resolve } from 'node:path';
import { z } from 'zod';
import { workspaceDataDir } from '@voucher/kit';
import type { NatsConnection } from '@nats-io/transport-node';
import { FILES_BUCKET } from '@voucher/contracts';
import type { BlobStorage } from './blob-storage.ts';
import { localDiskStorage } from './local-disk.ts';
import { natsObjectStorage } from './nats-object-store.ts';
import { s3Client, s3Storage } from './s3.ts';

/** Drivers `STORAGE_DRIVER` may name (see `BlobStorage` for what each guarantees). */
export const storageDrivers = ['local', 'nats', 's3'] as const;
export type StorageDriver = (typeof storageDrivers)[number];

/**
 * The variables a process that stores blobs reads (spread into its config):
 * - `STORAGE_DRIVER`: `local` (the default: files on this host) or `nats`
 *   (the JetStream Object Store of the platform's bus, replicated as its
 *   streams are: several hosts share it with no server of their own, A8)
 *   or `s3` (an S3-compatible store: AWS S3, MinIO, Alibaba OSS, Tencent COS).
 * - `STORAGE_S3_BUCKET` (required for `s3`), `STORAGE_S3_ENDPOINT` (the
 *   store's URL; unset, AWS's), `STORAGE_S3_REGION`, `STORAGE_S3_PREFIX`
 *   (before every key), `STORAGE_S3_FORCE_PATH_STYLE` (`true` for most
 *   stores other than AWS), and the credentials `STORAGE_S3_ACCESS_KEY_ID`,
 *   `STORAGE_S3_SECRET_ACCESS_KEY` (unset, the SDK's own chain: an
 *   instance role, say).
 * - `STORAGE_DIR`: the local driver's folder, relative to the working
 *   directory if not absolute; default `<repo>/.data/uploads`, where `<repo>`
 *   is the npm workspace root above the working directory (else the working
 *   directory itself). Several gateway replicas must share it (a network
 *   volume) or use another driver.
 */
export const storageConfig = {
  STORAGE_DRIVER: z.enum(storageDrivers).default('local'),
  STORAGE_DIR: z.string().min(1).optional(),
  STORAGE_S3_BUCKET: z.string().min(3).optional(),
  STORAGE_S3_ENDPOINT: z.url().optional(),
  STORAGE_S3_REGION: z.string().min(1).optional(),
  STORAGE_S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._/-]*$/, 'letters, digits, . _ / - only')
    .optional(),
  STORAGE_S3_FORCE_PATH_STYLE: z.stringbool().optional(),
  STORAGE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  STORAGE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
};
export type StorageConfig = z.infer<z.ZodObject<typeof storageConfig>>;

/** `<repo>/.data/uploads`: the same folder whether a service starts from the repo root or its own folder. */
export function defaultStorageDir(cwd = process.cwd()): string {
  return join(workspaceDataDir(cwd), 'uploads');
}

/** What the `nats` driver needs of the process's bus: its connection, its naming, its replica count. */
export interface StorageBus {
  nc: NatsConnection;
  naming: { stream(base: string): string };
  replicas: number;
}

/** The configured driver. */
export function createStorage(
  config: StorageConfig,
  { cwd = process.cwd(), bus }: { cwd?: string; bus?: StorageBus } = {},
): BlobStorage {
  switch (config.STORAGE_DRIVER) {
    case 'local':
      return localDiskStorage(config.STORAGE_DIR ? resolve(cwd, config.STORAGE_DIR) : defaultStorageDir(cwd));
    case 'nats':
      if (!bus) throw new Error('STORAGE_DRIVER=nats keeps files on the bus: this process has no bus connection');
      return natsObjectStorage({ nc: bus.nc, bucket: bus.naming.stream(FILES_BUCKET), replicas: bus.replicas });
    case 's3':
      if (!config.STORAGE_S3_BUCKET) throw new Error('STORAGE_DRIVER=s3 needs STORAGE_S3_BUCKET');
      return s3Storage({
        client: s3Client({
          endpoint: config.STORAGE_S3_ENDPOINT,
          region: config.STORAGE_S3_REGION ?? 'us-east-1',
          accessKeyId: config.STORAGE_S3_ACCESS_KEY_ID,
          secretAccessKey: config.STORAGE_S3_SECRET_ACCESS_KEY,
          forcePathStyle: config.STORAGE_S3_FORCE_PATH_STYLE ?? false,
        }),
        bucket: config.STORAGE_S3_BUCKET,
        prefix: config.STORAGE_S3_PREFIX ?? '',
      });
  }
}
