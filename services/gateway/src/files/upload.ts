import { buffer } from 'node:stream/consumers';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  filePurposes,
  filePurposeSchema,
  fileRules,
  validationFailed,
  type Caller,
  type FilePurpose,
  type FileType,
} from '@voucher/contracts';
import type { BlobStorage, StoredBlob } from '@voucher/storage';
import type { FileRow, FileStore } from '../store/files.ts';
import { assertMayUpload } from './access.ts';
import { candidatesOf, contentTypeOf, detectFromHead, detectZip, HEAD_BYTES, isZipContainer } from './detect.ts';
import { fromMultipartError } from './multipart-errors.ts';
import { cleanFileName } from './names.ts';
import { peek } from './peek.ts';
import { quotaRefusal, type UploadQuota } from './quota.ts';
import { fileTooLarge, fileTypeNotAllowed } from './rules.ts';
import { checkZipBounds, ZipRefused } from './zip-bounds.ts';

export interface UploadDeps {
  storage: BlobStorage;
  files: FileStore;
  quota: UploadQuota;
}

/** The form field that carries the purpose, and the part that carries the bytes. */
export const PURPOSE_FIELD = 'purpose';
export const FILE_FIELD = 'file';

function parsePurpose(value: unknown): FilePurpose {
  const parsed = filePurposeSchema.safeParse(value);
  if (!parsed.success) {
    throw validationFailed([{ path: PURPOSE_FIELD, message: `must be one of: ${filePurposes.join(', ')}` }]);
  }
  return parsed.data;
}

/** The query and the form may both name the purpose, but not two different ones. */
function agree(current: FilePurpose | undefined, given: FilePurpose): FilePurpose {
  if (current !== undefined && current !== given) {
    throw validationFailed([{ path: PURPOSE_FIELD, message: 'given twice with different values' }]);
  }
  return given;
}

interface StoredUpload extends StoredBlob {
  id: string;
  key: string;
  /** settled from the head, or `null` for a ZIP container, settled from the whole file */
  type: FileType | null;
  originalName: string;
}

/**
 * Streams one file part into storage: the type judged from the first bytes
 * before anything is written (an executable never reaches the disk), the
 * purpose's limit enforced while streaming (QUA-7).
 */
async function storePart(part: MultipartFile, purpose: FilePurpose, storage: BlobStorage): Promise<StoredUpload> {
  const rule = fileRules[purpose];
  const { head, stream } = await peek(part.file, HEAD_BYTES);
  if (head.length === 0) {
    stream.destroy();
    throw validationFailed([{ path: FILE_FIELD, message: 'is empty' }]);
  }
  const detected = await detectFromHead(head);
  const possible = candidatesOf(detected).filter((t) => rule.types.includes(t));
  if (possible.length === 0) {
    stream.destroy();
    throw fileTypeNotAllowed(purpose, detected.label);
  }
  const id = uuidv7();
  const blob = await storage.put(id, stream, { maxBytes: rule.maxBytes });
  const settled = isZipContainer(detected.type) ? null : detected.type;
  return { ...blob, id, key: id, type: settled, originalName: cleanFileName(part.filename) };
}

/**
 * A ZIP container (a head that reads as zip, docx or xlsx) is read again over
 * the whole file (at most the purpose's limit): first held to the inflation
 * bounds, so a zip bomb is refused before anything looks inside, then told
 * apart: docx, xlsx or a plain zip (QUA-7).
 */
async function settleType(stored: StoredUpload, purpose: FilePurpose, storage: BlobStorage): Promise<FileType> {
  if (stored.type) return stored.type;
  const stream = await storage.get(stored.key);
  if (!stream) throw new Error(`blob ${stored.key} vanished right after it was stored`);
  const bytes = await buffer(stream);
  try {
    await checkZipBounds(bytes);
  } catch (err) {
    if (err instanceof ZipRefused) throw fileTypeNotAllowed(purpose, 'zip', err.message);
    throw err;
  }
  const whole = await detectZip(bytes);
  if (!whole.type || !fileRules[purpose].types.includes(whole.type)) throw fileTypeNotAllowed(purpose, whole.label);
  return whole.type;
}

/**
 * Receives `POST /files` (API.md § Files): reads the multipart body in order,
 * takes the purpose from `?purpose=` or from a `purpose` field sent before the
 * file (so the limit and the types are known before the first byte is
 * stored), stores the one `file` part, then writes its row. Whatever refuses
 * the upload, nothing is left: no blob, no row.
 */
export async function receiveUpload(
  request: FastifyRequest,
  caller: Caller,
  queryPurpose: FilePurpose | undefined,
  deps: UploadDeps,
): Promise<FileRow> {
  if (!request.isMultipart()) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', 'send the file as multipart/form-data');
  }
  // a user at its quota is refused before any byte is read; the row's write counts again, under a lock
  const full = quotaRefusal(await deps.files.usage(caller.userId), deps.quota, 1);
  if (full) throw full;
  // the purpose is judged as soon as it is known, before any byte of the file is read
  const allowed = (p: FilePurpose) => {
    assertMayUpload(caller, p);
    return p;
  };
  let purpose = queryPurpose && allowed(queryPurpose);
  let stored: StoredUpload | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        // other fields are ignored: clients may send what their form library adds
        if (part.fieldname === PURPOSE_FIELD) purpose = allowed(agree(purpose, parsePurpose(part.value)));
        continue;
      }
      if (part.fieldname !== FILE_FIELD) {
        throw validationFailed([{ path: FILE_FIELD, message: `the file goes in the part named "${FILE_FIELD}"` }]);
      }
      if (!purpose) {
        throw validationFailed([
          { path: PURPOSE_FIELD, message: 'required, as ?purpose= or as a form field sent before the file' },
        ]);
      }
      stored = await storePart(part, purpose, deps.storage);
      // the parser cut the file at its own ceiling: never keep a truncated file
      if (part.file.truncated) throw fileTooLarge(purpose);
    }
    if (!purpose || !stored) {
      throw validationFailed([
        ...(purpose ? [] : [{ path: PURPOSE_FIELD, message: 'required' }]),
        ...(stored ? [] : [{ path: FILE_FIELD, message: 'required: one file part' }]),
      ]);
    }
    const type = await settleType(stored, purpose, deps.storage);
    return await deps.files.insert(
      {
        id: stored.id,
        owner_id: caller.userId,
        purpose,
        type,
        content_type: contentTypeOf[type],
        size: stored.size,
        sha256: stored.sha256,
        original_name: stored.originalName,
        storage_key: stored.key,
      },
      { userId: caller.userId, role: caller.role },
      deps.quota,
    );
  } catch (err) {
    if (stored) {
      await deps.storage.delete(stored.key).catch((e: unknown) => {
        request.log.error({ err: e, key: stored?.key }, 'could not delete the blob of a refused upload');
      });
    }
    const known = fromMultipartError(err);
    if (known === 'too_large') throw purpose ? fileTooLarge(purpose) : err;
    throw known ?? err;
  }
}
