/**
 * LOT-6 step 4 at scale. A category's winners are its `quota` lowest HMAC
 * scores. Scores are uniform over their range, so the winners lie, all but
 * surely, among the ids whose score starts below a cut-off a little above
 * `quota / eligible` of the range; ranking only those gives the very same
 * winners whenever at least `quota` ids fall below it (an id above the
 * cut-off ranks after every id below it). The draw checks that count and
 * ranks the whole category when it falls short, so the cut-off only ever
 * saves work, never changes a result. The margin (ten standard deviations of
 * the count, plus a constant for small sets) makes that fallback a
 * practical impossibility.
 *
 * Returns the cut-off as 8 lower-case hex digits, compared with a score's
 * bytes from the first, or null when every eligible id has to be ranked.
 */
export function scoreCutoff(eligible: number, quota: number): string | null {
  if (quota <= 0) return '00000000';
  const expected = quota + 10 * Math.sqrt(quota) + 64;
  if (expected >= eligible) return null;
  const prefix = Math.floor((expected / eligible) * 2 ** 32);
  return prefix.toString(16).padStart(8, '0');
}
