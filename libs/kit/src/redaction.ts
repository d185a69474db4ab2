/**
 * What never reaches a log line (ARCHITECTURE A7, issue 16): secrets, and
 * the personal data of the programme's people and companies, wherever they sit.
 */
const SECRET_KEYS = [
  'password',
  'oldPassword',
  'newPassword',
  'confirmPassword',
  'passwordHash',
  'pin',
  'oldPin',
  'newPin',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'set-cookie',
  'smsCode',
  'code',
  'captcha',
  'secret',
  // a draw's seed until its publication (LOT-6), an NKey's seed always
  'seed',
];
/** Personal data by the name of its field: mobiles, id numbers, credit codes, bank accounts. */
const PERSONAL_KEYS = [
  'mobile',
  'phone',
  'contactPhone',
  'idNumber',
  'idCard',
  'creditCode',
  'credit_code',
  'bankAccount',
  'accountNumber',
  'account_number',
  'cardNumber',
];
const REDACTED_KEYS: ReadonlySet<string> = new Set([...SECRET_KEYS, ...PERSONAL_KEYS].map((k) => k.toLowerCase()));
/** A bank account's `number` (SET-1: `{ bank, branch, accountName, number }`): known by its siblings. */
const BANK_ACCOUNT_SIBLINGS = ['bank', 'branch', 'accountName', 'account_name'];

export const CENSORED = '[redacted]';

/**
 * Personal data by its shape, inside any text (a message, an error's message
 * or a PostgreSQL `detail` such as `Key (mobile)=(13812345678) already
 * exists.`), in this order: an id number (18, the last may be X), a credit
 * code (GB 32100: 18 of digits and capitals), a bank card (16-19 digits), a
 * mainland mobile (1[3-9] and 9 digits). Order numbers (24 digits), voucher
 * numbers (11, starting 2), UUIDs and times in ms do not match.
 */
const PERSONAL_TEXT: readonly [RegExp, string][] = [
  [/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[id number]'],
  [/(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g, '[credit code]'],
  [/(?<!\d)\d{16,19}(?!\d)/g, '[bank account]'],
  [/(?<!\d)1[3-9]\d{9}(?!\d)/g, '[mobile]'],
];

/** How deep a logged value is walked: deeper than any log line of the platform. */
const MAX_DEPTH = 10;

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, label] of PERSONAL_TEXT) out = out.replace(pattern, label);
  return out;
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** An Error as pino would serialize it (type, message, stack, its own fields such as PostgreSQL's), redacted. */
function redactError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: redactText(err.message) };
  if (err.stack) out.stack = redactText(err.stack);
  for (const [key, value] of Object.entries(err)) {
    // an error's `code` names the error (23505, ECONNREFUSED), not an SMS code: kept
    out[key] = key === 'code' && typeof value !== 'object' ? value : redactField(key, value, err, depth, seen);
  }
  if (err.cause !== undefined) out.cause = redactValue(err.cause, depth + 1, seen);
  return out;
}

function redactField(key: string, value: unknown, holder: object, depth: number, seen: WeakSet<object>): unknown {
  if (REDACTED_KEYS.has(key.toLowerCase())) return value === undefined || value === null ? value : CENSORED;
  if (key === 'number' && BANK_ACCOUNT_SIBLINGS.some((s) => s in holder)) return CENSORED;
  return redactValue(value, depth + 1, seen);
}

/**
 * A value to be logged with every secret and every piece of personal data
 * taken out, at any depth: by key (SECRET_KEYS, PERSONAL_KEYS, a bank
 * account's number), and by shape inside every string (PERSONAL_TEXT),
 * errors included (their message, stack, `detail`, `cause`). Plain objects,
 * arrays and errors are copied; anything else (a Date, a Buffer, a request
 * pino serializes itself) is passed as it is.
 */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = redactField(key, v, value, depth, seen);
  return out;
}
