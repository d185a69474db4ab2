/**
 * LOT-3 / LOT-4: whether an enterprise may reserve a category now, and if not,
 * the error code that says why (API.md; the portal shows ANNUAL_LIMIT_REACHED as
 * 当前服务券已达年度上限).
 */
export type NotReservable = 'WINDOW_CLOSED' | 'NOT_QUALIFIED' | 'DATA_INCOMPLETE' | 'ANNUAL_LIMIT_REACHED';

export function whyNotReservable(input: {
  windowOpen: boolean;
  qualified: boolean;
  complete: boolean;
  winsThisYear: number;
  annualLimit: number;
}): NotReservable | null {
  if (!input.windowOpen) return 'WINDOW_CLOSED';
  if (!input.qualified) return 'NOT_QUALIFIED';
  if (!input.complete) return 'DATA_INCOMPLETE';
  if (input.winsThisYear >= input.annualLimit) return 'ANNUAL_LIMIT_REACHED';
  return null;
}

export const REASON_TEXT: Record<NotReservable, string> = {
  WINDOW_CLOSED: 'the reservation window is not open',
  NOT_QUALIFIED: 'no approved voucher qualification for this year (QUA-4)',
  DATA_INCOMPLETE: 'complete the voucher qualification data first (QUA-4)',
  ANNUAL_LIMIT_REACHED: '当前服务券已达年度上限 (the annual limit of this category is reached)',
};

/** What lottery knows of an enterprise for a programme year, and what it holds in one campaign. */
export interface Standing {
  qualified: boolean;
  complete: boolean;
  /** wins so far this year, per category (LOT-4) */
  wins: Map<string, number>;
  /** categories it holds in the campaign (not cancelled) */
  reserved: Set<string>;
}

/**
 * LOT-3/4 for a set of categories an enterprise wants in an open campaign:
 * the first refusal and its category, or null. A category it already holds
 * stays its own even if a win since has reached the limit.
 */
export function refusalOf(
  standing: Standing,
  wanted: readonly string[],
  limits: Readonly<Record<string, number>>,
): { reason: NotReservable; category: string } | null {
  for (const category of wanted.filter((c) => !standing.reserved.has(c))) {
    const reason = whyNotReservable({
      windowOpen: true,
      qualified: standing.qualified,
      complete: standing.complete,
      winsThisYear: standing.wins.get(category) ?? 0,
      annualLimit: limits[category] ?? 0,
    });
    if (reason) return { reason, category };
  }
  return null;
}
