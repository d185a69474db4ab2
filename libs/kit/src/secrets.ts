/**
 * What production refuses as a secret (ARCHITECTURE A7: production refuses to
 * start with default secrets). One rule for every secret a service is given
 * (wallet's `PIN_HASH_KEY`, and any later one): long enough, not a value from
 * the code or the documentation, and random-looking. Pure, so it is tested on
 * its own.
 */
export const MIN_SECRET_LENGTH = 32;

/**
 * Bits the character statistics of a secret must show. A random 32-character
 * hex string (128 bits) shows about 115, the least of 300,000 draws about 90;
 * a 32-character string of five distinct characters shows 74.
 */
export const MIN_SECRET_BITS = 80;

// Words people leave in a secret they were told to replace, matched all in
// lower case or all in upper case. Only words of six letters or more: a random
// base64 secret of 64 characters holds one of them with a chance of about 1 in
// 100 million, so a real secret is not taken for a placeholder.
const PLACEHOLDER_WORDS = [
  'change',
  'replace',
  'placeholder',
  'example',
  'secret',
  'password',
  'default',
  'insecure',
  'dev-only',
  'your-',
  'your_',
];

export type SecretWeakness = 'too_short' | 'known_value' | 'placeholder' | 'low_entropy';

/** Shannon entropy of the secret's own character frequencies, times its length. */
export function estimatedBits(value: string): number {
  const chars = [...value];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** `abcabcabc…`: the value is a shorter unit repeated. */
function isRepetition(value: string): boolean {
  for (let unit = 1; unit <= value.length / 2; unit++) {
    if (value.length % unit === 0 && value.slice(unit) === value.slice(0, -unit)) return true;
  }
  return false;
}

/**
 * `abcdef…`, `0123…`, `aaaa…`: three neighbours in four are equal or
 * consecutive characters (in random hex about one in five are).
 */
function isRun(value: string): boolean {
  let steps = 0;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (d >= -1 && d <= 1) steps++;
  }
  return steps * 4 >= (value.length - 1) * 3;
}

/**
 * Why a value is not fit to be a production secret, or null when it is.
 * `knownValues` are the values that ship with the code (development defaults).
 */
export function secretWeakness(value: string, knownValues: readonly string[] = []): SecretWeakness | null {
  if (knownValues.includes(value)) return 'known_value';
  if ([...value].length < MIN_SECRET_LENGTH) return 'too_short';
  if (PLACEHOLDER_WORDS.some((w) => value.includes(w) || value.includes(w.toUpperCase()))) return 'placeholder';
  if (isRepetition(value) || isRun(value) || estimatedBits(value) < MIN_SECRET_BITS) return 'low_entropy';
  return null;
}

const WEAKNESS_TEXT: Record<SecretWeakness, string> = {
  known_value: 'is the development value that ships with the code',
  too_short: `is shorter than ${MIN_SECRET_LENGTH} characters`,
  placeholder: 'looks like a placeholder (it contains a word such as "change" or "secret")',
  low_entropy: 'is not random enough (a repeated pattern, a run, or too few distinct characters)',
};

/** What a refusal says after the variable's name. */
export function describeSecretWeakness(weakness: SecretWeakness): string {
  return `${WEAKNESS_TEXT[weakness]}: in production give it a random value, e.g. \`openssl rand -base64 48\``;
}
