import { randomBytes, randomUUID } from 'node:crypto';
import type { Publication } from '@voucher/contracts';
import { commitmentOf, eligibleHashOf, finalSeedOf, winnersOf } from '../src/node.ts';

/**
 * A true publication of one batch (LOT-6): `categories` categories of
 * `eligible` fresh reservation ids each, `quota` winners drawn by the public
 * algorithm, the company names masked as the lottery masks them.
 */
export function honestPublication({
  eligible,
  quota,
  categories = 1,
}: {
  eligible: number;
  quota: number;
  categories?: number;
}): Publication {
  const seed = randomBytes(32).toString('hex');
  const sets = Array.from({ length: categories }, (_, i) => ({
    code: `CAT_${String(i).padStart(2, '0')}`,
    ids: Array.from({ length: eligible }, () => randomUUID()),
  }));
  const eligibleHash = eligibleHashOf(sets);
  const beacon = 'beacon 2026-12-01';
  const finalSeed = finalSeedOf(seed, eligibleHash, beacon);
  return {
    batchId: randomUUID(),
    campaignId: randomUUID(),
    commitment: commitmentOf(seed),
    seed,
    beacon,
    eligibleHash,
    finalSeed,
    categories: sets.map(({ code, ids }) => ({
      code,
      quota,
      eligible: ids,
      winners: winnersOf(finalSeed, code, ids, quota).map((reservationId) => ({
        reservationId,
        company: '南京**有限公司',
      })),
    })),
  };
}

/**
 * The document that made the old verifier quadratic: one category whose
 * quota draws every eligible id, and as many published winners, none of them
 * eligible, so every expected winner is missing and every published one extra.
 * `ids` of each: 34,000 make a 3.7 MB document.
 */
export function forgedPublication(ids: number): Publication {
  return {
    batchId: randomUUID(),
    campaignId: randomUUID(),
    commitment: '0'.repeat(64),
    seed: '0'.repeat(64),
    beacon: '',
    eligibleHash: '0'.repeat(64),
    finalSeed: '0'.repeat(64),
    categories: [
      {
        code: 'AUDIT',
        quota: ids,
        eligible: Array.from({ length: ids }, () => randomUUID()),
        winners: Array.from({ length: ids }, () => ({ reservationId: randomUUID(), company: '' })),
      },
    ],
  };
}

/** The document's size as JSON bytes, as a client sends it. */
export const bytesOf = (doc: unknown): number => Buffer.byteLength(JSON.stringify(doc));
