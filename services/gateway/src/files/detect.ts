import { fileTypeFromBuffer } from 'file-type/node';
import { fileTypes, type FileType } from '@voucher/contracts';

/** How many leading bytes decide the type: file-type's own "reasonable detection size". */
export const HEAD_BYTES = 4100;

/** The Content-Type the gateway serves each type with: fixed here, never the client's claim. */
export const contentTypeOf: Record<FileType, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  pdf: 'application/pdf',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What the content is: one of the platform's types, or what else it turned out to be (for the refusal). */
export type Detection = { type: FileType; label: FileType } | { type: null; label: string };

const known: ReadonlySet<string> = new Set(fileTypes);

function toDetection(found: { ext: string } | undefined): Detection {
  if (!found) return { type: null, label: 'unknown' };
  return known.has(found.ext)
    ? { type: found.ext as FileType, label: found.ext as FileType }
    : { type: null, label: found.ext };
}

/** The type of a file from its first bytes (QUA-7: by content, never by name). */
export async function detectFromHead(head: Uint8Array): Promise<Detection> {
  return toDetection(await fileTypeFromBuffer(head));
}

/**
 * The types a detection from the head alone may still turn out to be. docx and
 * xlsx are ZIP containers told apart by their entries ([Content_Types].xml,
 * word/, xl/), which may lie past the head: a head that reads as a plain ZIP
 * is only settled by reading the whole file (`detectZip`).
 */
export function candidatesOf(detection: Detection): readonly FileType[] {
  if (detection.type === 'zip') return ['zip', 'docx', 'xlsx'];
  return detection.type ? [detection.type] : [];
}

/** The ZIP containers: whatever their head says, the whole file is held to the inflation bounds before it is kept. */
export function isZipContainer(type: FileType | null): boolean {
  return type === 'zip' || type === 'docx' || type === 'xlsx';
}

/**
 * The type of a whole ZIP (zip, docx or xlsx), once it passed `checkZipBounds`
 * (zip-bounds.ts): file-type walks its entries as far as it needs.
 */
export async function detectZip(whole: Buffer): Promise<Detection> {
  return toDetection(await fileTypeFromBuffer(whole));
}
