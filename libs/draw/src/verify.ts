import type { Publication } from '@voucher/contracts';
import { commitmentOf, eligibleHashOf, finalSeedOf, winnersOf } from './algorithm.ts';

export interface Verification {
  valid: boolean;
  mismatches: string[];
}

/**
 * Re-derives a batch's draw from its publication alone (LOT-6) and says what
 * does not match: a seed that is not the committed one, an eligible set whose
 * hash or final seed differs, winners other than the algorithm's.
 */
export function verifyPublication(doc: Publication): Verification {
  const mismatches: string[] = [];
  if (!/^[0-9a-f]{64}$/.test(doc.seed)) mismatches.push('seed: not 64 lower-case hex characters');
  if (commitmentOf(doc.seed) !== doc.commitment)
    mismatches.push('commitment: SHA-256(seed) differs from the commitment');
  const eligibleHash = eligibleHashOf(doc.categories.map((c) => ({ code: c.code, ids: c.eligible })));
  if (eligibleHash !== doc.eligibleHash) mismatches.push('eligibleHash: differs from the hash of the eligible ids');
  const finalSeed = finalSeedOf(doc.seed, eligibleHash, doc.beacon);
  if (finalSeed !== doc.finalSeed) mismatches.push('finalSeed: differs from SHA-256(seed:eligibleHash:beacon)');
  const codes = new Set<string>();
  for (const c of doc.categories) {
    if (codes.has(c.code)) mismatches.push(`${c.code}: listed twice`);
    codes.add(c.code);
    if (new Set(c.eligible).size !== c.eligible.length) mismatches.push(`${c.code}: an eligible id appears twice`);
    const expected = winnersOf(finalSeed, c.code, c.eligible, c.quota);
    const published = c.winners.map((w) => w.reservationId);
    const same = expected.length === published.length && [...expected].sort().join() === [...published].sort().join();
    if (!same) {
      const missing = expected.filter((id) => !published.includes(id));
      const extra = published.filter((id) => !expected.includes(id));
      mismatches.push(
        `${c.code}: winners differ (expected but absent: ${missing.length ? missing.join(', ') : 'none'}; published but not drawn: ${extra.length ? extra.join(', ') : 'none'})`,
      );
    }
  }
  return { valid: mismatches.length === 0, mismatches };
}
