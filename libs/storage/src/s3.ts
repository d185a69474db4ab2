import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobSource, BlobStorage, PutOptions, StoredBlob } from './blob-storage.ts';
import { assertValidKey } from './keys.ts';
import { meteredPut } from './meter.ts';

/** Parts of a large upload: S3's minimum, so a file under it is one PutObject. */
const PART_BYTES = 5 * 1024 * 1024;

export interface S3StorageOptions {
  client: S3Client;
  bucket: string;
  /** prepended to every key: several programmes, or a test run, share one bucket */
  prefix?: string;
}

/** What S3 answers for a key it does not hold, whichever call asked. */
const isMissing = (err: unknown) =>
  err instanceof NoSuchKey ||
  err instanceof NotFound ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Blobs in an S3-compatible store (AWS S3, MinIO, Alibaba OSS, Tencent COS),
 * shared by every host (A8). S3 makes an object visible only once its upload
 * completes: a file under 5 MiB is one PutObject sent after the whole stream
 * was read, a larger one a multipart upload that is aborted when the stream
 * fails or passes `maxBytes`, so the key keeps what it held before.
 */
export function s3Storage({ client, bucket, prefix = '' }: S3StorageOptions): BlobStorage {
  const keyOf = (key: string) => {
    assertValidKey(key);
    return `${prefix}${key}`;
  };

  return {
    driver: 's3',

    async put(key: string, source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
      const Key = keyOf(key);
      return meteredPut(source, options.maxBytes, (Body) =>
        new Upload({
          client,
          params: { Bucket: bucket, Key, Body },
          partSize: PART_BYTES,
          queueSize: 2,
          leavePartsOnError: false,
        }).done(),
      );
    },

    async get(key: string): Promise<Readable | null> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
        return object.Body as Readable;
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },

    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
    },

    async exists(key: string): Promise<boolean> {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
        return true;
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },
  };
}

export interface S3ClientSettings {
  endpoint?: string | undefined;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
}

/**
 * A client for the configured store. Checksums are sent and checked only
 * where the API requires them: the SDK's newer default (CRC32 trailers on
 * every upload) is not understood by every S3-compatible store.
 */
export function s3Client(s: S3ClientSettings): S3Client {
  return new S3Client({
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    forcePathStyle: s.forcePathStyle,
    ...(s.accessKeyId && s.secretAccessKey
      ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
