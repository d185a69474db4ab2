import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Publication } from '@voucher/contracts';
import { commitmentOf, eligibleHashOf, finalSeedOf, verifyPublication, winnersOf } from '../src/index.ts';
import * as browser from '../src/browser.ts';

/**
 * Test vectors computed by an independent implementation of LOT-6 (Python's
 * hashlib and hmac, written from DOMAIN's text alone): the outsider's verifier
 * the issue asks us to agree with.
 */
const v = JSON.parse(readFileSync(new URL('./lot6-vectors.json', import.meta.url), 'utf8')) as {
  seed: string;
  beacon: string;
  categories: Record<string, string[]>;
  quota: Record<string, number>;
  commitment: string;
  eligibleHash: string;
  finalSeed: string;
  winners: Record<string, string[]>;
};
const eligible = Object.entries(v.categories).map(([code, ids]) => ({ code, ids }));

function publication(): Publication {
  return {
    batchId: 'b',
    campaignId: 'c',
    commitment: v.commitment,
    seed: v.seed,
    beacon: v.beacon,
    eligibleHash: v.eligibleHash,
    finalSeed: v.finalSeed,
    categories: Object.keys(v.categories).map((code) => ({
      code,
      quota: v.quota[code]!,
      eligible: [...v.categories[code]!],
      winners: v.winners[code]!.map((reservationId) => ({ reservationId, company: '南京**有限公司' })),
    })),
  };
}

describe('LOT-6, byte for byte with an independent implementation', () => {
  it('commits to the seed', () => expect(commitmentOf(v.seed)).toBe(v.commitment));

  it('hashes the eligible sets sorted by code point, whatever order they come in', () => {
    expect(eligibleHashOf(eligible)).toBe(v.eligibleHash);
    expect(eligibleHashOf([...eligible].reverse().map((c) => ({ ...c, ids: [...c.ids].reverse() })))).toBe(
      v.eligibleHash,
    );
  });

  it('derives the final seed with the beacon', () => {
    expect(finalSeedOf(v.seed, v.eligibleHash, v.beacon)).toBe(v.finalSeed);
    expect(finalSeedOf(v.seed, v.eligibleHash, '')).not.toBe(v.finalSeed);
  });

  it('picks the winners by ascending score', () => {
    for (const { code, ids } of eligible)
      expect(winnersOf(v.finalSeed, code, ids, v.quota[code]!)).toEqual(v.winners[code]);
  });

  it('gives everyone a win when the quota exceeds the eligible', () => {
    expect(winnersOf(v.finalSeed, 'CERT', v.categories.CERT!, 99).sort()).toEqual([...v.categories.CERT!].sort());
  });
});

describe('the verifier', () => {
  it('accepts an honest publication', () => {
    expect(verifyPublication(publication())).toEqual({ valid: true, mismatches: [] });
  });

  it('rejects a swapped winner', () => {
    const doc = publication();
    const audit = doc.categories.find((c) => c.code === 'AUDIT')!;
    const loser = audit.eligible.find((id) => !audit.winners.some((w) => w.reservationId === id))!;
    audit.winners[0] = { reservationId: loser, company: 'x' };
    const r = verifyPublication(doc);
    expect(r.valid).toBe(false);
    expect(r.mismatches.join()).toContain('AUDIT: winners differ');
  });

  it('rejects an added eligible id (the hash no longer matches)', () => {
    const doc = publication();
    doc.categories[0]!.eligible.push('0193b0a0-0000-7000-8000-0000000000ff');
    expect(verifyPublication(doc).mismatches.join()).toContain('eligibleHash');
  });

  it('rejects a dropped eligible id', () => {
    const doc = publication();
    doc.categories[1]!.eligible.pop();
    expect(verifyPublication(doc).valid).toBe(false);
  });

  it('rejects a seed that is not the committed one', () => {
    const doc = publication();
    doc.seed = 'b4'.repeat(32);
    expect(verifyPublication(doc).mismatches.join()).toContain('commitment');
  });

  it('rejects a changed beacon', () => {
    const doc = publication();
    doc.beacon = 'another number';
    expect(verifyPublication(doc).mismatches.join()).toContain('finalSeed');
  });
});

describe('LOT-6 in the browser (pure-JS SHA-256, the portal’s verifier)', () => {
  it('derives the same commitment, hashes, final seed and winners as the independent implementation', () => {
    expect(browser.commitmentOf(v.seed)).toBe(v.commitment);
    expect(browser.eligibleHashOf(eligible)).toBe(v.eligibleHash);
    expect(browser.finalSeedOf(v.seed, v.eligibleHash, v.beacon)).toBe(v.finalSeed);
    for (const { code, ids } of eligible)
      expect(browser.winnersOf(v.finalSeed, code, ids, v.quota[code]!)).toEqual(v.winners[code]);
  });

  it('accepts the true publication and reports a swapped winner', () => {
    expect(browser.verifyPublication(publication()).valid).toBe(true);
    const tampered = publication();
    const c = tampered.categories[0]!;
    const loser = c.eligible.find((id) => !c.winners.some((w) => w.reservationId === id))!;
    c.winners[0] = { reservationId: loser, company: c.winners[0]!.company };
    expect(browser.verifyPublication(tampered)).toMatchObject({ valid: false });
  });
});
