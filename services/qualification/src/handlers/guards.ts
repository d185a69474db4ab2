import { AppError } from '@voucher/contracts';
import { creditCodeProblem } from '../domain/credit-code.ts';
import { eligibilityBreaches } from '../domain/eligibility.ts';
import type { QualificationSettings } from '@voucher/contracts';

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

/** A unique index said no: which rule it guards. */
export function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' ? (e.constraint ?? 'unique') : null;
}
