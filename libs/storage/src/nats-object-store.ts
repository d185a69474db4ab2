import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { StorageType } from '@nats-io/jetstream';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BlobSource, BlobStorage, PutOptions, StoredBlob } from './blob-storage.ts';
import { assertValidKey } from './keys.ts';
import { meteredPut } from './meter.ts';

export interface NatsObjectStoreOptions {
  /** the process's own authenticated connection: its permissions name the bucket (A7) */
  nc: NatsConnection;
  /** `FILES`, or `<BUS_PREFIX>_FILES` on a shared development server */
  bucket: string;
  /** as many servers keep it as keep the streams (BUS_REPLICAS, A8) */
  replicas: number;
}

/**
 * Blobs in a JetStream Object Store (A8): replicated with the NATS cluster, so
 * several gateways share their uploads with no server of their own. An object
 * is its chunks and then one metadata message; the chunks of a put that fails
 * (over `maxBytes`, a source error) are purged and no metadata is written, so
 * the key is left as it was. A put under an existing key replaces it, and the
 * old chunks are purged.
 */
export function natsObjectStorage({ nc, bucket, replicas }: NatsObjectStoreOptions): BlobStorage {
  let opened: Promise<ObjectStore> | undefined;
  // opened once, made by whichever process comes first (the same configuration every time)
  const store = () =>
    (opened ??= new Objm(nc).create(bucket, { replicas, storage: StorageType.File }).catch((err: unknown) => {
      opened = undefined;
      throw err;
    }));

  return {
    driver: 'nats',

    async put(key: string, source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
      assertValidKey(key);
      const os = await store();
      // a stream that fails (over the limit too) rejects the put, which purges its chunks
      return meteredPut(source, options.maxBytes, (metered) =>
        os.put({ name: key }, Readable.toWeb(metered) as unknown as ReadableStream<Uint8Array>),
      );
    },

    async get(key: string): Promise<Readable | null> {
      assertValidKey(key);
      const result = await (await store()).get(key);
      if (!result) return null;
      const out = Readable.fromWeb(result.data as unknown as WebReadableStream<Uint8Array>);
      // a chunk that does not match the stored digest fails the stream the reader is piping
      result.error.then((err) => err && out.destroy(err)).catch((err: Error) => out.destroy(err));
      return out;
    },

    async delete(key: string): Promise<void> {
      assertValidKey(key);
      await (await store()).delete(key);
    },

    async exists(key: string): Promise<boolean> {
      assertValidKey(key);
      const info = await (await store()).info(key);
      return info !== null && !info.deleted;
    },
  };
}
