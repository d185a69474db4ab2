import type { Refusal } from '@voucher/contracts';

type PlacementRefusal = Refusal<'NOT_QUALIFIED'> | Refusal<'PURCHASE_LIMIT_REACHED', { limit: number }>;

/**
 * ORD-1 and CAT-2: only a certified enterprise places orders, and at most the
 * product's annual limit of live orders of it in a programme year (no limit
 * when the product sets none; a cancelled order leaves the count). The
 * database keeps the same count and refuses a placement over it in the same
 * statement that raises it (migration 004), so two placements at once cannot
 * both take the last one; this rule says why one was refused.
 */
export function whyNoPlacement(f: {
  certified: boolean;
  placedThisYear: number;
  limit: number | null;
}): PlacementRefusal | null {
  if (!f.certified) return { refused: 'NOT_QUALIFIED', why: 'only a certified enterprise places orders' };
  if (f.limit !== null && f.placedThisYear >= f.limit) {
    return {
      refused: 'PURCHASE_LIMIT_REACHED',
      why: `at most ${f.limit} orders of this product a year`,
      limit: f.limit,
    };
  }
  return null;
}
