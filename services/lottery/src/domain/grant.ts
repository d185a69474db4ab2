import type { ErrorCode } from '@voucher/contracts';

/** What a grant by hand is decided on (LOT-4), as the store read it under the category's lock. */
export interface GrantFacts {
  category: { annualLimit: number } | undefined;
  enterprise: { certified: boolean } | undefined;
  winsThisYear: number;
  /** a grant this administrator already made with the same Idempotency-Key */
  earlier: { enterpriseId: string; category: string } | undefined;
}

export interface GrantAsked {
  enterpriseId: string;
  category: string;
}

export type GrantDecision =
  | { kind: 'grant' }
  /** the same request again: answer the grant it made */
  | { kind: 'replay' }
  | { kind: 'refused'; code: ErrorCode; message: string; details?: Record<string, unknown> };

const refused = (code: ErrorCode, message: string, details?: Record<string, unknown>): GrantDecision => ({
  kind: 'refused',
  code,
  message,
  ...(details ? { details } : {}),
});

/**
 * A voucher granted by hand is a win of its category (LOT-4): it counts
 * against the enterprise's annual limit like a draw's or a grab's, and goes
 * only to a certified enterprise. An Idempotency-Key answers its first grant
 * again, and is never reused for another.
 */
export function decideGrant(asked: GrantAsked, facts: GrantFacts): GrantDecision {
  if (facts.earlier) {
    const same = facts.earlier.enterpriseId === asked.enterpriseId && facts.earlier.category === asked.category;
    return same
      ? { kind: 'replay' }
      : refused('INVALID_STATE', 'this Idempotency-Key was used for another grant', { state: 'key_used' });
  }
  if (!facts.category) return refused('NOT_FOUND', 'no such category', { category: asked.category });
  if (!facts.enterprise) return refused('NOT_FOUND', 'no such enterprise');
  if (!facts.enterprise.certified) return refused('NOT_QUALIFIED', 'the enterprise is not certified');
  if (facts.winsThisYear >= facts.category.annualLimit) {
    return refused('ANNUAL_LIMIT_REACHED', 'the enterprise has reached this category’s annual limit', {
      category: asked.category,
    });
  }
  return { kind: 'grant' };
}
