import { v7 as uuidv7 } from 'uuid';
import { files, type FilePurpose, type FileType, type FileView } from '@voucher/contracts';
import { connectAs } from './bus-client.ts';
import type { Isolation } from './isolation.ts';

export interface UploadsPeer {
  /** a file as the gateway would have stored it for `ownerId`; returns its id */
  upload(ownerId: string, purpose: FilePurpose, opts?: { type?: FileType; size?: number }): string;
  close(): Promise<void>;
}

/**
 * The gateway's answer about uploads (`svc.gateway.describeFiles`), for a
 * service tested on its own: a real responder on the isolated bus that knows
 * the files the test says were uploaded.
 */
export async function uploadsPeer(iso: Isolation): Promise<UploadsPeer> {
  const peer = await connectAs(iso, 'gateway');
  const uploads = new Map<string, FileView>();
  peer.handle(files.describe, async ({ fileIds }) => ({
    files: fileIds.flatMap((id) => (uploads.has(id) ? [uploads.get(id)!] : [])),
  }));
  await peer.nc.flush();
  return {
    upload(ownerId, purpose, { type = 'png', size = 100 } = {}) {
      const fileId = uuidv7();
      uploads.set(fileId, {
        fileId,
        ownerId,
        purpose,
        type,
        contentType: type === 'pdf' ? 'application/pdf' : `image/${type}`,
        size,
        sha256: 'x'.repeat(64),
        originalName: `${purpose}.${type}`,
        createdAt: new Date().toISOString(),
      });
      return fileId;
    },
    close: () => peer.close(),
  };
}
