import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ownS3Server, type OwnS3Server } from '@voucher/testing';
import { createStorage, s3Client, type BlobStorage } from '../src/index.ts';
import { blobStorageContract, chunked } from './contract.ts';

let server: OwnS3Server;
let storage: BlobStorage;
const PREFIX = 'programme-a/';
beforeAll(async () => {
  server = await ownS3Server();
  storage = createStorage({
    STORAGE_DRIVER: 's3',
    STORAGE_S3_BUCKET: server.bucket,
    STORAGE_S3_ENDPOINT: server.url,
    STORAGE_S3_FORCE_PATH_STYLE: true,
    STORAGE_S3_ACCESS_KEY_ID: 'S3RVER',
    STORAGE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    STORAGE_S3_PREFIX: PREFIX,
  });
});
afterAll(() => server?.stop());

const client = () =>
  s3Client({
    endpoint: server.url,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });

/** Objects in the bucket that are no blob kept, and multipart uploads left open. */
async function leftovers(kept: string[]): Promise<unknown[]> {
  const objects = await client().send(new ListObjectsV2Command({ Bucket: server.bucket }));
  const stray = (objects.Contents ?? []).map((o) => o.Key!).filter((k) => !kept.map((x) => PREFIX + x).includes(k));
  const open = await client()
    .send(new ListMultipartUploadsCommand({ Bucket: server.bucket }))
    .then((r) => r.Uploads ?? [])
    .catch(() => []);
  return [...stray, ...open];
}

blobStorageContract('s3 (an S3-compatible store: s3rver here)', () => storage, leftovers);

describe('the s3 driver', () => {
  it('sends a file over 5 MiB as a multipart upload and gives it back whole', async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const stored = await storage.put('large', chunked(bytes));
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const chunks: Buffer[] = [];
    for await (const c of (await storage.get('large')) as Readable) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('keeps what a key held when a multipart upload fails after its first part', async () => {
    await storage.put('report', Readable.from([Buffer.from('the first report')]));
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(6 * 1024 * 1024);
        yield randomBytes(3 * 1024 * 1024);
        throw new Error('connection reset');
      })(),
    );
    await expect(storage.put('report', failing)).rejects.toThrow('connection reset');
    const back = (await storage.get('report')) as Readable;
    const chunks: Buffer[] = [];
    for await (const c of back) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString()).toBe('the first report');
  });

  it('keeps every key under its prefix, so programmes can share a bucket', async () => {
    await storage.put('mine', Readable.from([Buffer.from('x')]));
    const objects = await client().send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: PREFIX }));
    expect(objects.Contents?.map((o) => o.Key)).toContain(`${PREFIX}mine`);
  });

  it('needs a bucket to start', () => {
    expect(() => createStorage({ STORAGE_DRIVER: 's3' })).toThrow(/STORAGE_S3_BUCKET/);
  });
});
