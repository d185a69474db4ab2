import type { FastifyReply } from 'fastify';
import { AppError } from '@voucher/contracts';
import type { BlobStorage } from '@voucher/storage';
import { contentDisposition } from '../files/names.ts';

/** A file a service wrote to the blob storage and named (forms, exports). */
export interface StoredFileRef {
  storageKey: string;
  size: number;
  filename: string;
  contentType: string;
}

/** Streams a stored file to the client as a download: big files never cross the bus (A4). */
export async function sendStoredFile(
  reply: FastifyReply,
  storage: BlobStorage,
  ref: StoredFileRef,
): Promise<FastifyReply> {
  const stream = await storage.get(ref.storageKey);
  if (!stream) throw new AppError('NOT_FOUND', 'the file is missing from storage');
  reply.header('content-type', ref.contentType);
  reply.header('content-length', ref.size);
  reply.header('content-disposition', contentDisposition(ref.filename, 'attachment'));
  return reply.send(stream as never);
}
