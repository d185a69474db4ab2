import { AppError, fileRules, type FilePurpose } from '@voucher/contracts';

/** The largest limit of any purpose: the multipart parser's own ceiling, checked per purpose while streaming. */
export const LARGEST_FILE_BYTES = Math.max(...Object.values(fileRules).map((r) => r.maxBytes));

/** 413: over the purpose's limit (QUA-7, API.md); the details let a client say which limit. */
export function fileTooLarge(purpose: FilePurpose): AppError {
  const { maxBytes } = fileRules[purpose];
  return new AppError('FILE_TOO_LARGE', `${purpose} files may have at most ${maxBytes} bytes`, { purpose, maxBytes });
}

/**
 * 415: the content is not one of the purpose's types, whatever its name says
 * (QUA-7); or, with a `reason`, an archive of an allowed type the gateway will
 * not take (a zip bomb: zip-bounds.ts).
 */
export function fileTypeNotAllowed(purpose: FilePurpose, detected: string, reason?: string): AppError {
  const allowed = [...fileRules[purpose].types];
  return new AppError(
    'FILE_TYPE_NOT_ALLOWED',
    reason
      ? `${purpose} files must be ${allowed.join(', ')} by content; this ${detected} is refused: ${reason}`
      : `${purpose} files must be ${allowed.join(', ')} by content; this one is ${detected}`,
    { purpose, detected, allowed, ...(reason && { reason }) },
  );
}
