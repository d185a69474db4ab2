import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import type { MessageKey } from '../i18n/messages.ts';

/** A field the contracts' zod schema or the server named: its dotted path (`cases.0.customer`) and its English message. */
export interface FieldIssue {
  path: string;
  message: string;
}

export type NamePath = string | (string | number)[];

/** What a contracts zod schema's failed `safeParse` carries. */
interface FailedParse {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** What a contracts zod schema offers the forms: a parse that says which fields fail. */
export interface Checker<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: FailedParse };
}

/** The issues of a failed zod parse, with their paths dotted like the server's. */
export function zodIssues(error: FailedParse): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** The fields a refused request names (API.md: `details.fields` of VALIDATION_FAILED), or none. */
export function serverIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [];
  const fields = error.details?.fields;
  return Array.isArray(fields)
    ? fields.map((f: { path?: unknown; message?: unknown }) => ({
        path: String(f.path ?? ''),
        message: String(f.message ?? ''),
      }))
    : [];
}

/** `batches.0.drawAt` as the form's name path `['batches', 0, 'drawAt']`: the forms name their fields after the body's. */
export const namePathOf = (path: string): (string | number)[] =>
  path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** The contracts' messages in the reader's words; a message with no words of its own is shown as it came. */
const wordsByMessage: [RegExp, MessageKey][] = [
  [/^required|expected .*received undefined/i, 'issueRequired'],
  [/^at least one/i, 'issueAtLeastOne'],
  [/^exactly 3 case studies/i, 'issueThreeCases'],
  [/^at most the highest spec price/i, 'issueVoucherAboveSpec'],
  [/^not below the lowest price/i, 'issueMaxBelowMin'],
  [/^give a mobile number/i, 'issueContactWay'],
  [/^must be a mainland mobile/i, 'issueMobile'],
  [/^must be an email/i, 'issueEmail'],
  [/^digits only/i, 'issueAccountNumber'],
  [/^(must be 18 characters|digits and capital letters)/i, 'issueCreditCode'],
];

/** An issue worded by what the contract says is wrong, for forms whose fields carry no hint of their own. */
export function useIssueText(): (issue: FieldIssue) => string {
  const { t } = useLanguage();
  return (issue) => {
    const words = wordsByMessage.find(([pattern]) => pattern.test(issue.message));
    return words ? t(words[1]) : issue.message;
  };
}

/**
 * The words of the sign-up, certification and PIN forms, by field: each says what the field wants,
 * the way the seed manuals word it, whatever rule of the field failed; others get a general word.
 */
const wordsByField: Record<string, MessageKey> = {
  username: 'usernameRule',
  mobile: 'mobileInvalid',
  contactPhone: 'mobileInvalid',
  smsCode: 'smsCodeRule',
  password: 'passwordRequired',
  newPassword: 'passwordRequired',
  confirmPassword: 'passwordsDiffer',
  agreed: 'mustAgree',
  creditCode: 'creditCodeInvalid',
  email: 'emailInvalid',
  foundedOn: 'dateRequired',
  pin: 'pinRule',
  oldPin: 'pinRule',
  newPin: 'pinRule',
  licenceFileId: 'fileRequired',
  'attachments.applicationForm': 'fileRequired',
  'attachments.licenceCopy': 'fileRequired',
  'attachments.commitmentLetter': 'fileRequired',
};

/** An issue worded by the field it names (the enterprise's forms). */
export function useFieldText(): (issue: FieldIssue) => string {
  const { t } = useLanguage();
  return (issue) => t(wordsByField[issue.path] ?? 'fieldInvalid');
}

/**
 * Shows each issue under its field, in the reader's words (`textOf`). `fieldOf` maps a body path to the
 * form field that holds it, where the form holds it under another name or a path names a whole section.
 */
export function showIssues<T>(
  form: FormInstance<T>,
  issues: FieldIssue[],
  textOf: (issue: FieldIssue) => string,
  fieldOf: (path: string) => NamePath = namePathOf,
): void {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  for (const issue of issues) {
    const name = fieldOf(issue.path);
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    const text = textOf(issue);
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()] as Parameters<FormInstance<T>['setFields']>[0]);
}

/** Takes away the issues shown before, ahead of a new check. */
export function clearIssues<T>(form: FormInstance<T>): void {
  form.setFields(
    form.getFieldsError().map((f) => ({ name: f.name, errors: [] })) as unknown as Parameters<
      FormInstance<T>['setFields']
    >[0],
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** The names of the fields in a form's `onValuesChange` delta, nested groups (attachments) included. */
function changedNames(changed: Record<string, unknown>, prefix: string[] = []): string[][] {
  return Object.entries(changed).flatMap(([key, value]) =>
    isPlainObject(value) ? changedNames(value, [...prefix, key]) : [[...prefix, key]],
  );
}

/** A field's contract issue goes as soon as the field is changed, as a rule's error would. */
export function clearChangedIssues<T>(form: FormInstance<T>, changed: object): void {
  const cleared = changedNames(changed as Record<string, unknown>).map((name) => ({ name, errors: [] }));
  form.setFields(cleared as unknown as Parameters<FormInstance<T>['setFields']>[0]);
}

/**
 * The body checked with the contracts' schema before it leaves (the rules the gateway applies);
 * null, with each issue at its field (`fieldOf`, as for `showIssues`), when it fails.
 */
export function checked<T, V>(
  schema: Checker<T>,
  body: unknown,
  form: FormInstance<V>,
  textOf: (issue: FieldIssue) => string,
  fieldOf?: (path: string) => NamePath,
): T | null {
  clearIssues(form);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  showIssues(form, zodIssues(result.error), textOf, fieldOf);
  return null;
}
