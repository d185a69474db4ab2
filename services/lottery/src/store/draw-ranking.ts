import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB as LotteryDb } from './db.ts';

/** The table that holds one draw's eligible set while it is drawn. */
export function drawPoolTable(batchId: string): string {
  const hex = batchId.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a batch id: ${batchId}`);
  return `draw_pool_${hex}`;
}

export interface CategoryToRank {
  code: string;
  quota: number;
  eligible: number;
  /** `scoreCutoff(eligible, quota)`: only ids whose score starts below it are ranked; null ranks all */
  cutoff: string | null;
}

/**
 * LOT-6 step 4 over the draw's fixed eligible set (`pool`: category_code, reservation_id, enterprise_id): every id's
 * HMAC-SHA-256 score, keyed with the bytes of the final seed, over
 * `code:id`; per category the first `quota` ids by ascending score, ties by
 * ascending id, into `draw_winners`. Scores are computed inside PostgreSQL
 * (no million ids cross the wire) and only the ids under a category's
 * cut-off are sorted. A category with fewer candidates than winners to pick
 * is scored again whole, so the winners are always exactly LOT-6's.
 *
 * Ids compare as uuid: the text of a uuid is lower-case hex with hyphens at
 * fixed places, so its code-point order is the order of its bytes.
 */
export async function rankEligible(
  trx: Kysely<LotteryDb>,
  pool: RawBuilder<unknown>,
  finalSeed: string,
  categories: CategoryToRank[],
): Promise<void> {
  await sql`CREATE TEMP TABLE draw_candidates ON COMMIT DROP AS ${scored(pool, finalSeed, categories)}`.execute(trx);
  const found = new Map(
    (
      await sql<{ code: string; n: number }>`
        SELECT category_code AS code, count(*)::int AS n FROM draw_candidates GROUP BY category_code`.execute(trx)
    ).rows.map((r) => [r.code, r.n]),
  );
  const short = categories.filter((c) => c.cutoff !== null && (found.get(c.code) ?? 0) < Math.min(c.quota, c.eligible));
  if (short.length > 0) {
    await sql`DELETE FROM draw_candidates WHERE category_code = ANY(${short.map((c) => c.code)}::text[])`.execute(trx);
    await sql`INSERT INTO draw_candidates ${scored(
      pool,
      finalSeed,
      short.map((c) => ({ ...c, cutoff: null })),
    )}`.execute(trx);
  }
  await sql`
    CREATE TEMP TABLE draw_winners ON COMMIT DROP AS
    SELECT ranked.category_code, ranked.reservation_id, ranked.enterprise_id
    FROM (
      SELECT c.category_code, c.reservation_id, c.enterprise_id,
             row_number() OVER (PARTITION BY c.category_code ORDER BY c.score, c.reservation_id) AS rn
      FROM draw_candidates c
    ) ranked
    JOIN unnest(${categories.map((c) => c.code)}::text[], ${categories.map((c) => c.quota)}::int[]) AS q(code, quota)
      ON q.code = ranked.category_code
    WHERE ranked.rn <= q.quota`.execute(trx);
}

/**
 * The ids of the categories under their cut-offs, with their scores. The score is computed in the filter for
 * every id and again for the few kept: that way the filtering runs in parallel workers, which a subquery
 * computing it once would not allow.
 */
function scored(pool: RawBuilder<unknown>, finalSeed: string, categories: CategoryToRank[]) {
  const score = sql`public.hmac(convert_to(p.category_code || ':' || p.reservation_id::text, 'UTF8'),
                                decode(${finalSeed}, 'hex'), 'sha256')`;
  return sql`
    SELECT p.category_code, p.reservation_id, p.enterprise_id, ${score} AS score
    FROM ${pool} p
    JOIN (SELECT code, decode(cutoff_hex, 'hex') AS cutoff
          FROM unnest(${categories.map((c) => c.code)}::text[], ${categories.map((c) => c.cutoff)}::text[]) AS u(code, cutoff_hex)
    ) c ON c.code = p.category_code
    WHERE c.cutoff IS NULL OR ${score} < c.cutoff`;
}
