import type { Readable } from 'node:stream';

/** What `put` learnt about the bytes it stored, measured while they streamed through. */
export interface StoredBlob {
  size: number;
  /** lowercase hex SHA-256 of the stored bytes (QUA-7: every attachment is kept with its hash) */
  sha256: string;
}

export interface PutOptions {
  /** more bytes than this aborts the write with `TooLargeError` and leaves nothing stored */
  maxBytes?: number;
}

/** Anything `put` can read bytes from: a Node stream or any async iterable of chunks. */
export type BlobSource = Readable | AsyncIterable<Uint8Array>;

/**
 * Where uploaded bytes live (API.md § Files: local disk for one host, an
 * S3-compatible store when the gateway runs as several replicas). Callers keep
 * their own metadata and address blobs by an opaque key (`assertValidKey`).
 *
 * What every driver guarantees, so callers can rely on it whichever is configured:
 * - `put` is all or nothing: the key holds the whole stream once `put` resolves,
 *   and after a rejection (over `maxBytes`, a source error) nothing new is left
 *   under the key nor anywhere else. A put on an existing key replaces it.
 *   The source is read to its end, or destroyed when the put fails.
 * - `put` measures size and SHA-256 while streaming: bytes are never buffered whole.
 * - `get` of a missing key is `null`, not an error; `delete` of one is a no-op.
 * - Keys are refused (`InvalidKeyError`) unless they match `assertValidKey`.
 *
 * An S3-compatible driver fits the same shape: `put` pipes through the same
 * meter (`createMeter`) into a multipart upload to a temporary object name (or
 * aborts the multipart upload on failure) and copies/completes to the key;
 * `get` is a GetObject body stream (`NoSuchKey` → null); `delete` is
 * DeleteObject; `exists` is HeadObject. Add it to `storageDrivers` and
 * `createStorage` with its own variables (bucket, endpoint, credentials).
 */
export interface BlobStorage {
  /** the driver's name, as `STORAGE_DRIVER` chose it */
  readonly driver: string;
  put(key: string, source: BlobSource, options?: PutOptions): Promise<StoredBlob>;
  get(key: string): Promise<Readable | null>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** The stream held more bytes than `maxBytes`: nothing was stored. */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
  readonly code = 'TOO_LARGE';
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

export function isTooLarge(err: unknown): err is TooLargeError {
  return err instanceof TooLargeError;
}
