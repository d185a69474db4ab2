import { createHash, createHmac } from 'node:crypto';

/**
 * DOMAIN LOT-6, to the byte. Every SHA-256 is over the UTF-8 bytes of the
 * string shown; hex is lower-case; ids and codes compare as strings by code
 * point (never by a locale's collation).
 */
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Step 1: what is published when the campaign opens. */
export function commitmentOf(seedHex: string): string {
  return sha256Hex(seedHex);
}

/** Step 2: the hash of every category's sorted eligible ids, categories sorted by code. */
export function eligibleHashOf(eligible: { code: string; ids: readonly string[] }[]): string {
  const text = [...eligible]
    .sort((a, b) => byCodePoint(a.code, b.code))
    .map((c) => `${c.code}\n${[...c.ids].sort(byCodePoint).join('\n')}\n`)
    .join('');
  return sha256Hex(text);
}

/** Step 3. */
export function finalSeedOf(seedHex: string, eligibleHash: string, beacon: string): string {
  return sha256Hex(`${seedHex}:${eligibleHash}:${beacon}`);
}

/** Step 4: an id's score in its category. */
export function scoreOf(finalSeedHex: string, code: string, id: string): string {
  return createHmac('sha256', Buffer.from(finalSeedHex, 'hex')).update(`${code}:${id}`, 'utf8').digest('hex');
}

/** Step 4: the first `quota` ids by ascending score, ties by ascending id. */
export function winnersOf(finalSeedHex: string, code: string, ids: readonly string[], quota: number): string[] {
  return ids
    .map((id) => ({ id, score: scoreOf(finalSeedHex, code, id) }))
    .sort((a, b) => byCodePoint(a.score, b.score) || byCodePoint(a.id, b.id))
    .slice(0, Math.max(0, quota))
    .map((x) => x.id);
}
