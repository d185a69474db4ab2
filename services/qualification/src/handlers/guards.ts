import {
  AppError,
  files,
  validationFailed,
  type FieldIssue,
  type FilePurpose,
} from '@voucher/contracts';
import type { HandlerContext } from '@voucher/bus';
import { creditCodeProblem } from '../domain/credit-code.ts';
import { eligibilityBreaches } from '../domain/eligibility.ts';
import type { QualificationSettings } from '@voucher/contracts';
import type { QualificationDeps } from './deps.ts';

/** QUA-1 / GB 32100-2015: the check character must be right. */
export function assertCreditCode(code: string): void {
  const problem = creditCodeProblem(code);
  if (problem) {
    throw new AppError('INVALID_CREDIT_CODE', `the unified social credit code is not valid (${problem})`, {
      field: 'creditCode',
      problem,
    });
  }
}

/** QUA-5: refused with the rules named. */
export function assertEligible(settings: QualificationSettings, applicant: { size?: string; district: string }): void {
  const rules = eligibilityBreaches(settings, applicant);
  if (rules.length > 0) {
    throw new AppError('NOT_QUALIFIED', `the programme's eligibility rules are not met: ${rules.join(', ')}`, {
      rules,
      ...(rules.includes('district') ? { districts: settings.districts } : {}),
      ...(rules.includes('size') ? { sizes: settings.eligibility.sizes } : {}),
    });
  }
}

export interface Attachment {
  field: string;
  fileId: string;
  purposes: FilePurpose[];
}

/**
 * QUA-7: an attachment must be a file the applicant uploaded for that purpose.
 * The gateway owns upload metadata, so it is asked; a file of someone else is
 * reported exactly like a missing one.
 */
export async function assertAttachments(
  deps: QualificationDeps,
  ctx: HandlerContext,
  applicantId: string,
  attachments: Attachment[],
): Promise<{ fileId: string; purpose: string }[]> {
  const { files: found } = await deps.bus.request(
    files.describe,
    { fileIds: [...new Set(attachments.map((a) => a.fileId))] },
    { requestId: ctx.requestId, ...(ctx.caller ? { caller: ctx.caller } : {}) },
  );
  const byId = new Map(found.map((f) => [f.fileId, f]));
  const problems: FieldIssue[] = [];
  const accepted: { fileId: string; purpose: string }[] = [];
  for (const a of attachments) {
    const f = byId.get(a.fileId);
    if (!f || f.ownerId !== applicantId) {
      problems.push({ path: a.field, message: 'no such file among your uploads' });
    } else if (!a.purposes.includes(f.purpose)) {
      problems.push({ path: a.field, message: `must be uploaded as ${a.purposes.join(' or ')}, not ${f.purpose}` });
    } else accepted.push({ fileId: f.fileId, purpose: f.purpose });
  }
  if (problems.length > 0) throw validationFailed(problems);
  return accepted;
}

/** A unique index said no: which rule it guards. */
export function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' ? (e.constraint ?? 'unique') : null;
}
