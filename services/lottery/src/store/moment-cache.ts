/**
 * Reads that change rarely but are asked for thousands of times a second (a
 * running campaign's terms) kept for a moment instead of read from
 * PostgreSQL each time. A failed read is not kept. Whatever decides on money
 * or limits reads again where it writes.
 */
export function forAMoment<T>(read: (key: string) => Promise<T>, ttlMs = 2000, most = 10_000) {
  const kept = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string): Promise<T> => {
    const hit = kept.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    if (kept.size >= most) kept.clear();
    const value = read(key);
    kept.set(key, { at: Date.now(), value });
    value.catch(() => kept.delete(key));
    return value;
  };
}
