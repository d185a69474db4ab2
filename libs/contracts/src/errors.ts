import { z } from 'zod';

/**
 * The one family of error codes (API.md). Services raise them, the bus carries
 * them in reply envelopes, and the gateway maps each to an HTTP status in one place.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'CAPTCHA_REQUIRED',
  'CAPTCHA_INVALID',
  'SMS_CODE_INVALID',
  'WEAK_PASSWORD',
  'PASSWORD_REUSED',
  'WEAK_PIN',
  'INVALID_CREDIT_CODE',
  'DEDUCTION_RULE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOKEN_REVOKED',
  'FORBIDDEN',
  'NOT_QUALIFIED',
  'NOT_IN_DIRECTORY',
  'PIN_INCORRECT',
  'NOT_FOUND',
  'NOT_PUBLISHED',
  'DUPLICATE',
  'CREDIT_CODE_TAKEN',
  'INVALID_STATE',
  'ANNUAL_LIMIT_REACHED',
  'DATA_INCOMPLETE',
  'WINDOW_CLOSED',
  'ALREADY_RESERVED',
  'SOLD_OUT',
  'INSUFFICIENT_BALANCE',
  'VOUCHER_NOT_USABLE',
  'PROVIDER_CAP_REACHED',
  'PURCHASE_LIMIT_REACHED',
  'WITHDRAWAL_USED',
  'ALREADY_IN_APPLICATION',
  'UPLOAD_QUOTA_REACHED',
  'FILE_TOO_LARGE',
  'FILE_TYPE_NOT_ALLOWED',
  'ACCOUNT_LOCKED',
  'PIN_LOCKED',
  'RATE_LIMITED',
  'TIMEOUT',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    // An AppError is an answer (a refusal the client reads), not a fault: a
    // stack trace says nothing about it, and capturing one for every refused
    // claim of a sold-out grab costs measurable CPU (A10).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, body.details);
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** `VALIDATION_FAILED` with `details.fields`, naming every failing field (API.md). */
export function validationFailed(fields: FieldIssue[]): AppError {
  const named = fields.map((f) => f.path || '(body)').join(', ');
  return new AppError('VALIDATION_FAILED', `invalid input: ${named}`, { fields });
}

export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * What a rule in a service's `domain/` answers when it says no: the error
 * code the caller will read, why in words, and what the caller needs to act
 * on it (`Facts`: the state the subject is in, say). A rule returns a
 * decision or a refusal; the handler throws `refusalError(refusal)`, and the
 * gateway maps the code once, like any other AppError.
 */
export type Refusal<Code extends ErrorCode = ErrorCode, Facts extends object = object> = {
  refused: Code;
  why: string;
} & Facts;

export function isRefusal<D extends object, R extends Refusal>(d: D | R): d is R {
  return 'refused' in d;
}

/** The refusal as the AppError it answers: its facts become the error's details. */
export function refusalError<R extends Refusal>(r: R): AppError {
  const { refused, why, ...facts } = r;
  return Object.keys(facts).length === 0 ? new AppError(refused, why) : new AppError(refused, why, facts);
}
