import type { FieldIssue } from '@voucher/contracts';

/** What the worker says: that it has booted, then its answer for each document. */
export type WorkerAnswer =
  | 'ready'
  | { outcome: 'verified'; valid: boolean; mismatches: string[] }
  | { outcome: 'unreadable'; fields: FieldIssue[] };
