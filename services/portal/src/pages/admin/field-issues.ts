import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';

/** A problem with one field, as the server's VALIDATION_FAILED details and zod both describe it. */
export interface FieldIssue {
  path: string;
  message: string;
}

type NamePath = string | (string | number)[];

/** What a contracts schema's `safeParse` found wrong. */
export function issuesOfZod(error: { issues: { path: PropertyKey[]; message: string }[] }): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** The fields a refused request names (API.md: `details.fields` of VALIDATION_FAILED), or none. */
export function issuesOfServer(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [];
  const fields = error.details?.fields;
  return Array.isArray(fields)
    ? fields.map((f: { path?: unknown; message?: unknown }) => ({
        path: String(f.path ?? ''),
        message: String(f.message ?? ''),
      }))
    : [];
}

/** `batches.0.drawAt` as the form's name path `['batches', 0, 'drawAt']`. */
export const namePathOf = (path: string): (string | number)[] =>
  path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** Shows each issue under its field; `fieldOf` maps a body path to the form field that holds it. */
export function showIssues<T>(form: FormInstance<T>, issues: FieldIssue[], fieldOf: (path: string) => NamePath) {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  for (const issue of issues) {
    const name = fieldOf(issue.path);
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()] as Parameters<FormInstance<T>['setFields']>[0]);
}
