/**
 * ARCHITECTURE A7: the cost passwords are hashed at. scrypt with N = 2^17,
 * r = 8, p = 1 is OWASP's minimum (Password Storage Cheat Sheet: 128 MiB and
 * about a third of a second of one core per hash). A stored hash says its own
 * cost (`scrypt$<log2 N>$salt$hash`), so hashes made at a lower cost keep
 * working and are raised the next time their password is proven at login.
 */

/** The log2 N a stored hash was made with, or null when it is not one of ours. */
export function hashCost(stored: string): number | null {
  const [scheme, logN] = stored.split('$');
  if (scheme !== 'scrypt' || logN === undefined || !/^\d+$/.test(logN)) return null;
  return Number(logN);
}

/** Whether a hash whose password was just proven should be made again at the configured cost. */
export function needsRehash(stored: string, configuredCost: number): boolean {
  const cost = hashCost(stored);
  return cost !== null && cost < configuredCost;
}
