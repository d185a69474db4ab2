/**
 * LOT-10: how far a batch filled a category's quota, the winners over the
 * quota, 0 to 1 to four decimal places (enough for a percentage with two).
 * The database refuses a quota of 0 (`batch_quotas`); the fill of one would
 * be 0, never a division by zero.
 */
export function quotaFill(winners: number, quota: number): number {
  return quota > 0 ? Math.round((winners / quota) * 10_000) / 10_000 : 0;
}
