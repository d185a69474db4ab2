import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The part of s3rver's API used here (it ships no types). */
interface S3rver {
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rver;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** An S3-compatible server of a test's own (s3rver, on loopback), with one empty bucket. */
export interface OwnS3Server {
  url: string;
  bucket: string;
  /** what a process sets to keep its files there (STORAGE_DRIVER=s3) */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** s3rver's fixed credentials: it checks the signature made with them, as S3 does. */
const ACCESS_KEY = 'S3RVER';

export async function ownS3Server(bucket = 'voucher-files'): Promise<OwnS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'voucher-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    bucket,
    env: {
      STORAGE_DRIVER: 's3',
      STORAGE_S3_BUCKET: bucket,
      STORAGE_S3_ENDPOINT: url,
      STORAGE_S3_FORCE_PATH_STYLE: 'true',
      STORAGE_S3_ACCESS_KEY_ID: ACCESS_KEY,
      STORAGE_S3_SECRET_ACCESS_KEY: ACCESS_KEY,
    },
    async stop() {
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
