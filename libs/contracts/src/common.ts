import { z } from 'zod';

/**
 * Control characters (C0, DEL, C1) never belong in what a person types, and
 * PostgreSQL refuses NUL outright (it answered 500). Multi-line text keeps its
 * tab, line feed and carriage return; nothing keeps the others.
 */
export const CONTROL_CHARACTERS_MESSAGE = 'control characters are not allowed';
// eslint-disable-next-line no-control-regex -- the control characters are what it is for
const oneLine = /^[^\u0000-\u001f\u007f-\u009f]*$/;
// eslint-disable-next-line no-control-regex -- the control characters are what it is for
const manyLines = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;

/**
 * The one string schema of everything the platform takes from outside (issue
 * 16): every string field of a command's input is this (or a stricter format:
 * an id, a mobile, a code), which a test of libs/contracts holds every command
 * to. `trim` (default) drops surrounding whitespace first; secrets and tokens
 * are taken as sent.
 */
export function freeText({ multiline = false, trim = true }: { multiline?: boolean; trim?: boolean } = {}) {
  return (trim ? z.string().trim() : z.string()).regex(multiline ? manyLines : oneLine, CONTROL_CHARACTERS_MESSAGE);
}
/** One required line of at most `max` characters: a name, a title, an address. */
export const text = (max: number) => freeText().min(1, 'required').max(max, `at most ${max} characters`);
/** Required text that may run over lines: a description, a reason, a note. */
export const paragraph = (max: number) =>
  freeText({ multiline: true }).min(1, 'required').max(max, `at most ${max} characters`);

export const idSchema = z.guid();
/**
 * What a scheduler's "do what is due" command answers (DOMAIN §9): the ids it
 * did, and those it could not (still due: the next tick tries them again).
 */
export const dueReply = z.object({
  done: z.array(idSchema),
  failed: z.array(z.object({ id: idSchema, error: z.string() })),
});

/** DOMAIN §2: a mainland mobile number, the shape an account typed at login is taken for first (ID-3). */
export const MOBILE_PATTERN = /^1\d{10}$/;
export const mobileSchema = z
  .string()
  .regex(MOBILE_PATTERN, 'must be a mainland mobile number: 1 followed by 10 digits');
export const smsCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');
/** Edge bound only: the password policy (ID-2) is judged by identity, with its own code. */
export const passwordInputSchema = freeText({ trim: false }).min(1, 'required').max(128, 'at most 128 characters');

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}

export const emptySchema = z.object({});

/** A query-string flag (`true`, `1`...) or, from another service, a boolean. */
export const queryFlag = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
]);

/** An entity's state history as views show it (the audit trail, oldest first). */
export const historySchema = z.array(
  z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    action: z.string(),
    role: z.string().nullable(),
    reason: z.string().nullable(),
    at: z.string(),
  }),
);
