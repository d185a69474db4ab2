import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';
import type { MessageKey } from '../../i18n/messages.ts';

/** A field the contracts' zod schema or the server named: its dotted path and its English message. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The issues of a zod parse, with their paths dotted like the server's (`cases.0.customer`). */
export function zodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** The fields a VALIDATION_FAILED answer names (API.md: `details.fields`), or none. */
export function serverIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [];
  const fields = error.details?.fields;
  return Array.isArray(fields) ? (fields as FieldIssue[]) : [];
}

/** The contracts' messages in the reader's words; a message with no words of its own is shown as it came. */
const issueWords: [RegExp, MessageKey][] = [
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

export function issueText(message: string, t: (key: MessageKey) => string): string {
  const words = issueWords.find(([pattern]) => pattern.test(message));
  return words ? t(words[1]) : message;
}

/**
 * Shows each issue at its field. A path naming a whole section (the server's
 * `historicalPrice`, `contact` ...) is shown at the section's first field,
 * given by `anchors`.
 */
export function showIssues(
  form: FormInstance,
  issues: FieldIssue[],
  t: (key: MessageKey) => string,
  anchors: Record<string, (string | number)[]> = {},
): void {
  form.setFields(
    issues.map((i) => ({
      name: anchors[i.path] ?? i.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors: [issueText(i.message, t)],
    })),
  );
}

/** Takes away the issues shown before, ahead of a new check. */
export function clearIssues(form: FormInstance): void {
  form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
}

/** What a contracts zod schema offers the forms: a parse that says which fields fail. */
interface Checker<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * The body checked with the contracts' schema before it leaves (the rules
 * the gateway applies); null, with each issue at its field, when it fails.
 */
export function checked<T>(schema: Checker<T>, body: unknown, form: FormInstance, t: (key: MessageKey) => string) {
  clearIssues(form);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  showIssues(form, zodIssues(result.error.issues), t);
  return null;
}
