/**
 * CAT-4 keyword search over Chinese and Latin text, without a Chinese
 * dictionary: Han characters are indexed as single characters and pairs
 * (bigrams), Latin letters and digits as words and their prefixes. A query is
 * turned into the terms every match must contain (a GIN index finds those),
 * then the exact substring is checked on the few rows left.
 */
const HAN = /\p{Script=Han}/u;
const MAX_PREFIX = 20;

/** Lower-case, full-width forms folded (ＩＳＯ → iso). */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function runs(text: string): { han: string[]; words: string[] } {
  const han: string[] = [];
  const words: string[] = [];
  let current = '';
  let kind: 'han' | 'word' | null = null;
  const flush = () => {
    if (current) (kind === 'han' ? han : words).push(current);
    current = '';
    kind = null;
  };
  for (const ch of normalizeText(text)) {
    const k = HAN.test(ch) ? 'han' : /[\p{L}\p{N}]/u.test(ch) ? 'word' : null;
    if (k !== kind) flush();
    if (k) {
      current += ch;
      kind = k;
    }
  }
  flush();
  return { han, words };
}

/** A Latin word and its parts where letters meet digits (iso14001 → iso14001, iso, 14001). */
function wordParts(word: string): string[] {
  const parts = word.match(/\p{L}+|\p{N}+/gu) ?? [];
  return parts.length > 1 ? [word, ...parts] : [word];
}

/** The terms a listing is indexed by. */
export function indexTerms(text: string): string[] {
  const terms = new Set<string>();
  const { han, words } = runs(text);
  for (const run of han) {
    const chars = [...run];
    chars.forEach((c, i) => {
      terms.add(c);
      if (i + 1 < chars.length) terms.add(c + chars[i + 1]);
    });
  }
  for (const word of words) {
    for (const part of wordParts(word)) {
      const chars = [...part].slice(0, MAX_PREFIX);
      for (let n = 1; n <= chars.length; n++) terms.add(chars.slice(0, n).join(''));
    }
  }
  return [...terms];
}

/**
 * The terms a keyword query needs: the bigrams of each Han run (its character
 * when it has one), and each Latin word as a prefix. Empty when the query has
 * no letters or digits at all.
 */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  const { han, words } = runs(query);
  for (const run of han) {
    const chars = [...run];
    if (chars.length === 1) terms.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
  }
  for (const word of words) terms.add([...word].slice(0, MAX_PREFIX).join(''));
  return [...terms];
}

/**
 * The query's pieces that must each appear verbatim in the listing's
 * normalized text, beyond what the index terms already prove: a Han run of
 * three or more characters (its pairs could sit apart). A shorter run is one
 * index term, and a Latin word is matched as a word prefix by the index alone.
 */
export function queryPhrases(query: string): string[] {
  return runs(query).han.filter((run) => [...run].length > 2);
}

/**
 * Filters held in the same index as the words (category, region, accepted
 * voucher categories): a filtered keyword search is one index lookup, and its
 * count needs no table rows. The `§` prefix cannot come out of `indexTerms`.
 */
export const facet = {
  category: (c: string) => `§c:${c}`,
  region: (r: string) => `§r:${r}`,
  voucherCategory: (code: string) => `§v:${code}`,
  acceptsVouchers: '§v:*',
} as const;

export function facetTerms(f: { category: string; region: string; voucherCategories: readonly string[] }): string[] {
  return [
    facet.category(f.category),
    facet.region(f.region),
    ...f.voucherCategories.map(facet.voucherCategory),
    ...(f.voucherCategories.length > 0 ? [facet.acceptsVouchers] : []),
  ];
}
