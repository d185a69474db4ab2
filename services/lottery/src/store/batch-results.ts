import { sql, type Kysely } from 'kysely';
import { RESULT_CHUNK_SIZE } from '@voucher/contracts';
import type { DB as LotteryDb } from './db.ts';

type BatchOutcome = 'won' | 'not_won' | 'not_drawn';

/** The enterprises of one category with one outcome of a batch: one `evt.lottery.results.published`. */
export interface ResultChunk {
  category: string;
  categoryName: string;
  outcome: BatchOutcome;
  chunk: number;
  enterpriseIds: string[];
}

/**
 * LOT-7: who learns what at a batch's publication, in chunks of at most
 * RESULT_CHUNK_SIZE enterprises. The batch's winners have `won`; its eligible
 * losers `not_won` while later batches remain; once the last batch is
 * published (`last`, after the campaign's pending reservations became
 * `not_drawn`, LOT-5) every `not_drawn` reservation of the campaign,
 * eligible in this batch or not, has `not_drawn`. Read in the publication's
 * transaction: a million reservations grouped by category and outcome in one
 * statement, with no sort (the order within a chunk means nothing), and cut
 * into chunks here as they are asked for: a group's ids are split when its
 * turn comes and let go once its chunks are out, so a million ids are not
 * all in memory as strings at once (issue 20 item 8).
 */
export async function* resultChunksOf(
  trx: Kysely<LotteryDb>,
  batch: { id: string; campaignId: string; last: boolean },
): AsyncGenerator<ResultChunk> {
  // Driven from reservations, whose size the planner knows (a set returned by unnest it guesses at 10 rows,
  // and would look a million reservations up one by one); grouped by hashing, in memory.
  await sql`SELECT set_config('work_mem', '256MB', true), set_config('jit', 'off', true)`.execute(trx);
  const outcomes = batch.last
    ? sql`SELECT r.category_code, CASE r.state WHEN 'won' THEN 'won' ELSE 'not_drawn' END AS outcome, r.enterprise_id
          FROM reservations r
          WHERE r.campaign_id = ${batch.campaignId}
            AND (r.state = 'not_drawn' OR (r.state = 'won' AND r.won_batch_id = ${batch.id}))`
    : sql`SELECT r.category_code, CASE r.state WHEN 'won' THEN 'won' ELSE 'not_won' END AS outcome, r.enterprise_id
          FROM reservations r
          WHERE r.campaign_id = ${batch.campaignId}
            AND (r.state = 'pending' OR (r.state = 'won' AND r.won_batch_id = ${batch.id}))
            AND r.id IN (SELECT unnest(be.ids) FROM batch_eligible be WHERE be.batch_id = ${batch.id})`;
  // one text per group, split here: a million ids come back in the time of a few big strings
  const groups = await sql<{ category: string; category_name: string; outcome: BatchOutcome; ids: string }>`
    SELECT g.category_code AS category, c.name AS category_name, g.outcome, g.ids
    FROM (SELECT o.category_code, o.outcome, string_agg(o.enterprise_id::text, ',') AS ids
          FROM (${outcomes}) AS o GROUP BY o.category_code, o.outcome) AS g
    JOIN categories c ON c.code = g.category_code
    ORDER BY g.category_code, g.outcome`.execute(trx);
  const rows = groups.rows;
  while (rows.length > 0) {
    const g = rows.shift()!;
    const ids = g.ids.split(',');
    for (let chunk = 0; chunk * RESULT_CHUNK_SIZE < ids.length; chunk++) {
      yield {
        category: g.category,
        categoryName: g.category_name,
        outcome: g.outcome,
        chunk,
        enterpriseIds: ids.slice(chunk * RESULT_CHUNK_SIZE, (chunk + 1) * RESULT_CHUNK_SIZE),
      };
    }
  }
}
