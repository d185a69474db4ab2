import { whyNotReservable, type NotReservable, type Standing } from './reservable.ts';

/** Why a first-come claim is refused (LOT-9, API.md's 409s and LOT-3/4's reasons). */
export type ClaimRefusal = NotReservable | 'ALREADY_RESERVED' | 'SOLD_OUT';

export const CLAIM_REFUSAL_TEXT: Record<'ALREADY_RESERVED' | 'SOLD_OUT', string> = {
  ALREADY_RESERVED: 'you have already claimed this category in this campaign',
  SOLD_OUT: 'this category is sold out',
};

/**
 * LOT-9 on what was read of an enterprise (its standing for the campaign's
 * year) before the claim is written: one claim per enterprise and category
 * in a campaign, then LOT-3's qualification and completeness and LOT-4's
 * annual limit. The window is the caller's to check (the campaign's terms);
 * the stock is PostgreSQL's, decided where the claim is written.
 */
export function whyNotClaimable(standing: Standing, category: string, annualLimit: number): ClaimRefusal | null {
  if (standing.reserved.has(category)) return 'ALREADY_RESERVED';
  return whyNotReservable({
    windowOpen: true,
    qualified: standing.qualified,
    complete: standing.complete,
    winsThisYear: standing.wins.get(category) ?? 0,
    annualLimit,
  });
}

/** What the claims' write said of each claim: recorded, or why PostgreSQL did not record it. */
export type ClaimWritten = 'won' | 'ALREADY_RESERVED' | 'ANNUAL_LIMIT_REACHED' | 'SOLD_OUT';
