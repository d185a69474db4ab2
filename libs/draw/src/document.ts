import { issuesToFields, publicationSchema, type FieldIssue } from '@voucher/contracts';
import type { Verification } from './lot6.ts';
import { verifyPublication } from './node.ts';

/** How many schema failures a refusal names: a document of a million bad ids would otherwise answer a million lines. */
export const FIELDS_LISTED = 20;

export type DocumentVerification =
  | { outcome: 'verified'; verification: Verification; batchId: string; categories: number; eligible: number }
  | { outcome: 'unreadable'; fields: FieldIssue[] };

/**
 * A publication document as text, read, checked against its schema and
 * re-derived (LOT-6): what the CLI and the gateway's verify route (in its
 * worker) both do, so they answer the same for the same document.
 */
export function verifyPublicationDocument(text: string): DocumentVerification {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { outcome: 'unreadable', fields: [{ path: '', message: 'not valid JSON' }] };
  }
  const parsed = publicationSchema.safeParse(json);
  if (!parsed.success) {
    return { outcome: 'unreadable', fields: issuesToFields(parsed.error.issues.slice(0, FIELDS_LISTED)) };
  }
  return {
    outcome: 'verified',
    verification: verifyPublication(parsed.data),
    batchId: parsed.data.batchId,
    categories: parsed.data.categories.length,
    eligible: parsed.data.categories.reduce((n, c) => n + c.eligible.length, 0),
  };
}
