import { productStates, type ProductState } from '@voucher/contracts';

/** How many of a provider's products are in a state, as the store counted them (states without any are absent). */
export interface StateCount {
  state: ProductState;
  n: number;
}

/**
 * CAT-5: a provider sees its products by state, with the count in each: every
 * state of CAT-3's review, an empty one as 0, so that each state can be shown
 * with its count before it is opened; the total is that of the state shown
 * (of all of them when none is chosen), for its pages.
 */
export function productCountsByState(
  counted: readonly StateCount[],
  shown: ProductState | undefined,
): { counts: Record<ProductState, number>; total: number } {
  const found = new Map(counted.map((c) => [c.state, c.n]));
  const counts = Object.fromEntries(productStates.map((s) => [s, found.get(s) ?? 0])) as Record<ProductState, number>;
  const total = shown === undefined ? counted.reduce((sum, c) => sum + c.n, 0) : counts[shown];
  return { counts, total };
}
