import { createHash, type Hash } from 'node:crypto';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { TooLargeError, type BlobSource, type StoredBlob } from './blob-storage.ts';

/**
 * A pass-through that counts and hashes the bytes going by, and fails the
 * stream with `TooLargeError` at the first byte over the limit, so a writer
 * behind it never receives more than `maxBytes` (and the caller learns early,
 * not after the whole upload).
 */
export class Meter extends Transform {
  private bytes = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new TooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** Once the stream has ended: what went through. */
  result(): StoredBlob {
    return { size: this.bytes, sha256: this.hash.digest('hex') };
  }
}

export function createMeter(maxBytes?: number): Meter {
  return new Meter(maxBytes);
}

/**
 * `put` for a driver that writes a stream: `write` gets the source metered
 * (pipeline, not pipe: a source that fails destroys the meter, and the meter
 * over its limit the source). A failed write rejects with the meter's own
 * TooLargeError when the meter stopped it, else with what failed.
 */
export async function meteredPut(
  source: BlobSource,
  maxBytes: number | undefined,
  write: (metered: Readable) => Promise<unknown>,
): Promise<StoredBlob> {
  const meter = createMeter(maxBytes);
  try {
    await write(pipeline(Readable.from(source), meter, () => undefined));
  } catch (err) {
    throw meter.errored ?? err;
  }
  return meter.result();
}
