import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { z } from 'zod';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AppError,
  errorBodySchema,
  validationFailed,
  type ErrorBody,
  type ErrorCode,
  type FieldIssue,
} from '@voucher/contracts';
import { REQUEST_ID_HEADER } from './request-id.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * Every error code's HTTP status, in one place (API.md's status table). Typed
 * as a full record so a code added to contracts fails the build until it is
 * mapped here.
 */
export const statusByCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  CAPTCHA_REQUIRED: 400,
  CAPTCHA_INVALID: 400,
  SMS_CODE_INVALID: 400,
  WEAK_PASSWORD: 400,
  PASSWORD_REUSED: 400,
  WEAK_PIN: 400,
  INVALID_CREDIT_CODE: 400,
  DEDUCTION_RULE: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  NOT_QUALIFIED: 403,
  NOT_IN_DIRECTORY: 403,
  PIN_INCORRECT: 403,
  NOT_FOUND: 404,
  NOT_PUBLISHED: 404,
  DUPLICATE: 409,
  CREDIT_CODE_TAKEN: 409,
  INVALID_STATE: 409,
  ANNUAL_LIMIT_REACHED: 409,
  DATA_INCOMPLETE: 409,
  WINDOW_CLOSED: 409,
  ALREADY_RESERVED: 409,
  SOLD_OUT: 409,
  INSUFFICIENT_BALANCE: 409,
  VOUCHER_NOT_USABLE: 409,
  PROVIDER_CAP_REACHED: 409,
  PURCHASE_LIMIT_REACHED: 409,
  WITHDRAWAL_USED: 409,
  ALREADY_IN_APPLICATION: 409,
  UPLOAD_QUOTA_REACHED: 409,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_NOT_ALLOWED: 415,
  ACCOUNT_LOCKED: 423,
  PIN_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/** The one error body of every 4xx/5xx answer (API.md). */
export const errorEnvelopeSchema = z.object({ error: errorBodySchema });

/** When RATE_LIMITED carries no `details.retryAfterSeconds`, a client waits a full window. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

function fieldsOf(err: { validation: { instancePath: string; message?: string }[] }): FieldIssue[] {
  // The zod provider keeps each issue's path only as a JSON pointer; turned
  // back into the dotted path that `issuesToFields` gives on the bus, so a
  // client reads the same field names whichever side refused the input.
  return err.validation.map((v) => ({
    path: v.instancePath.split('/').filter(Boolean).join('.'),
    message: v.message ?? 'invalid',
  }));
}

const notJson = () => validationFailed([{ path: '', message: 'body is not valid JSON' }]);
const badUrl = (message: string) => () => validationFailed([{ path: 'url', message }]);

/**
 * Fastify's own refusals, by their `FST_` code, as the platform errors they
 * are (API.md: a 400 is input that can never be valid, so an over-long path
 * parameter, Fastify's 414, is 400 here like any other bad parameter). Codes
 * not listed fall back by their status: 4xx → VALIDATION_FAILED, else INTERNAL.
 */
const fastifyErrors: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: notJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: notJson,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    validationFailed([{ path: '', message: 'the body is not as long as its Content-Length says' }]),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('FILE_TOO_LARGE', 'request body is too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('FILE_TYPE_NOT_ALLOWED', 'content type is not supported'),
  FST_ERR_BAD_URL: badUrl('the URL is not validly encoded'),
  FST_ERR_INVALID_URL: badUrl('the URL is not valid'),
  FST_ERR_MAX_PARAM_LENGTH: badUrl('a path parameter is longer than 100 characters'),
  FST_ERR_NOT_FOUND: () => new AppError('NOT_FOUND', 'not found'),
};

/**
 * Turns whatever was thrown into the AppError a client may see: an AppError
 * as it is, a schema failure naming its fields, Fastify's own refusals mapped
 * above; anything unknown becomes INTERNAL with no message of its own.
 */
export function toAppError(err: unknown): { error: AppError; unexpected: boolean } {
  if (err instanceof AppError) return { error: err, unexpected: false };
  if (hasZodFastifySchemaValidationErrors(err)) return { error: validationFailed(fieldsOf(err)), unexpected: false };
  const e = err as Partial<FastifyError>;
  const mapped = typeof e.code === 'string' ? fastifyErrors[e.code] : undefined;
  if (mapped) return { error: mapped(), unexpected: false };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // another malformed request Fastify (or a plugin) caught before us
    return { error: new AppError('VALIDATION_FAILED', 'malformed request'), unexpected: false };
  }
  return { error: new AppError('INTERNAL', 'internal error'), unexpected: true };
}

function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  const status = statusByCode[error.code];
  // again here: a request Fastify refused before the onRequest hook still names its id
  reply.header(REQUEST_ID_HEADER, reply.request.id);
  if (error.code === 'RATE_LIMITED') {
    const after = error.details?.retryAfterSeconds;
    reply.header(
      'retry-after',
      String(typeof after === 'number' ? Math.max(1, Math.ceil(after)) : DEFAULT_RETRY_AFTER_SECONDS),
    );
  }
  const body: ErrorBody = error.toBody();
  return reply.code(status).send({ error: body });
}

export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { error, unexpected } = toAppError(err);
  if (unexpected) {
    request.log.error({ err }, 'request failed');
  } else if (statusByCode[error.code] >= 500) {
    // `errorCode`, not `code`: the logger redacts `code` (it names SMS codes)
    request.log.warn({ errorCode: error.code, reason: error.message }, 'upstream failed');
  }
  return sendError(reply, error);
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(reply, new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (a
 * malformed request line, headers over 16 KiB, a request that did not arrive
 * in time) never becomes a request, so the answer is written to the socket
 * here, in the platform's shape like every other error, and the connection closed.
 */
export function handleClientError(err: Error & { code?: string }, socket: Duplex): void {
  // a reset connection has nobody left to answer
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const why =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? { path: 'headers', message: 'the request headers are too large' }
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { path: '', message: 'the request did not arrive in time' }
        : { path: '', message: 'the request is not valid HTTP' };
  const error = validationFailed([why]);
  const body = JSON.stringify({ error: error.toBody() });
  const status = statusByCode[error.code];
  if (socket.writable) {
    const headers = Object.entries({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
      ...securityHeaders('/api/', false),
    });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`,
    );
  }
  socket.destroy();
}
