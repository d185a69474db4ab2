import { AppError, validationFailed } from '@voucher/contracts';
import { isTooLarge } from '@voucher/storage';

/**
 * What the multipart parser (or the stream it feeds) refused, as the error a
 * client may see; `undefined` for anything else (storage, database), which
 * stays a 500.
 */
export function fromMultipartError(err: unknown): AppError | 'too_large' | undefined {
  if (err instanceof AppError) return err;
  if (isTooLarge(err)) return 'too_large';
  const { code, message } = err as { code?: unknown; message?: unknown };
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return 'too_large';
    case 'FST_FILES_LIMIT':
      return validationFailed([{ path: 'file', message: 'one file per request' }]);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return validationFailed([{ path: '', message: 'too many form fields' }]);
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return validationFailed([{ path: '', message: 'a form field is not acceptable' }]);
    case 'FST_MP_PREMATURE_CLOSE':
      return validationFailed([{ path: 'file', message: 'the upload ended before the file was complete' }]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('FILE_TYPE_NOT_ALLOWED', 'send the file as multipart/form-data');
  }
  // busboy's own refusals of a broken body carry no code, only these messages
  if (typeof message === 'string' && /multipart data|Boundary not found/.test(message)) {
    return validationFailed([{ path: '', message: 'the multipart body is malformed' }]);
  }
  return undefined;
}
