import type { Publication } from '@voucher/contracts';

/** The two hash primitives LOT-6 is built on, as lower-case hex over UTF-8 text. */
export interface Lot6Hashes {
  sha256Hex(text: string): string;
  /** HMAC-SHA-256 keyed with the bytes of `keyHex` */
  hmacSha256Hex(keyHex: string, text: string): string;
}

export interface Verification {
  valid: boolean;
  mismatches: string[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How many ids a mismatch names: enough to find the fault, without echoing a whole tampered list back. */
export const IDS_LISTED = 10;

function listed(ids: readonly string[]): string {
  if (ids.length === 0) return 'none';
  const shown = ids.slice(0, IDS_LISTED).join(', ');
  return ids.length > IDS_LISTED ? `${shown} and ${ids.length - IDS_LISTED} more` : shown;
}

/**
 * DOMAIN LOT-6, to the byte, over given hash primitives: Node's crypto on the
 * server and in the CLI (`node.ts`), a pure-JS SHA-256 in the browser
 * (`browser.ts`), so the portal's "verify this draw" derives the winners with
 * the same code, independent of the server. Every SHA-256 is over the UTF-8
 * bytes of the string shown; hex is lower-case; ids and codes compare as
 * strings by code point (never by a locale's collation).
 */
export function lot6(h: Lot6Hashes) {
  /** Step 1: what is published when the campaign opens. */
  const commitmentOf = (seedHex: string): string => h.sha256Hex(seedHex);

  /** Step 2: the hash of every category's sorted eligible ids, categories sorted by code. */
  const eligibleHashOf = (eligible: { code: string; ids: readonly string[] }[]): string =>
    h.sha256Hex(
      [...eligible]
        .sort((a, b) => byCodePoint(a.code, b.code))
        .map((c) => `${c.code}\n${[...c.ids].sort(byCodePoint).join('\n')}\n`)
        .join(''),
    );

  /** Step 3. */
  const finalSeedOf = (seedHex: string, eligibleHash: string, beacon: string): string =>
    h.sha256Hex(`${seedHex}:${eligibleHash}:${beacon}`);

  /** Step 4: an id's score in its category. */
  const scoreOf = (finalSeedHex: string, code: string, id: string): string =>
    h.hmacSha256Hex(finalSeedHex, `${code}:${id}`);

  /** Step 4: the first `quota` ids by ascending score, ties by ascending id. */
  const winnersOf = (finalSeedHex: string, code: string, ids: readonly string[], quota: number): string[] =>
    ids
      .map((id) => ({ id, score: scoreOf(finalSeedHex, code, id) }))
      .sort((a, b) => byCodePoint(a.score, b.score) || byCodePoint(a.id, b.id))
      .slice(0, Math.max(0, quota))
      .map((x) => x.id);

  /**
   * Re-derives a batch's draw from its publication alone and says what does
   * not match: a seed that is not the committed one, an eligible set whose
   * hash or final seed differs, winners other than the algorithm's. Linear in
   * the document apart from the draw's own sort: every comparison of id lists
   * goes through a Set (a public endpoint runs it on documents of millions of ids).
   */
  function verifyPublication(doc: Publication): Verification {
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
      const expected = new Set(winnersOf(finalSeed, c.code, c.eligible, c.quota));
      const published = new Set(c.winners.map((w) => w.reservationId));
      if (published.size !== c.winners.length) mismatches.push(`${c.code}: a winner is listed twice`);
      const missing = [...expected].filter((id) => !published.has(id));
      const extra = [...published].filter((id) => !expected.has(id));
      if (missing.length > 0 || extra.length > 0) {
        mismatches.push(
          `${c.code}: winners differ (expected but absent: ${listed(missing)}; published but not drawn: ${listed(extra)})`,
        );
      }
    }
    return { valid: mismatches.length === 0, mismatches };
  }

  return { commitmentOf, eligibleHashOf, finalSeedOf, scoreOf, winnersOf, verifyPublication };
}
