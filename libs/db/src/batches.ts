/**
 * Works through what is due in batches of at most `size`, each `batch` a
 * transaction or a statement of its own that answers how many it took, until
 * one takes fewer: a job over a draw's million rows never holds one long
 * transaction, nor its locks, and a replica beside it takes other rows.
 */
export async function inBatches(size: number, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < size) return total;
  }
}
