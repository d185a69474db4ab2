import { sql, type Kysely, type RawBuilder } from 'kysely';
import { drawPoolTable, rankEligible, type CategoryToRank } from './draw-ranking.ts';
import type { DB as LotteryDb } from './db.ts';

/** A batch as its draw reads it, under its row lock. */
interface BatchToDraw {
  id: string;
  campaign_id: string;
  seq: number;
  state: string;
  seed: string;
  beacon: string | null;
  publish_at: Date;
  year: number;
  closes_at: Date;
  earlier_undrawn: number;
}

/**
 * LOT-5/LOT-6's statements, in the order a draw runs them inside its one
 * transaction: the batch locked, its eligible set fixed and hashed, ranked,
 * the wins recorded, the batch marked drawn. Every set of a million ids
 * stays inside PostgreSQL.
 */
export function drawStore(trx: Kysely<LotteryDb>) {
  return {
    async lockBatch(batchId: string): Promise<BatchToDraw | undefined> {
      return (
        await sql<BatchToDraw>`
          SELECT b.id, b.campaign_id, b.seq, b.state, b.seed, b.beacon, b.publish_at, c.year, c.closes_at,
                 (SELECT count(*)::int FROM batches
                   WHERE campaign_id = b.campaign_id AND seq < b.seq AND state = 'scheduled') AS earlier_undrawn
          FROM batches b JOIN campaigns c ON c.id = b.campaign_id WHERE b.id = ${batchId} FOR UPDATE OF b`.execute(trx)
      ).rows[0];
    },

    async categoriesOf(batchId: string): Promise<string[]> {
      return (
        await sql<{
          category_code: string;
        }>`SELECT category_code FROM batch_quotas WHERE batch_id = ${batchId}`.execute(trx)
      ).rows.map((q) => q.category_code);
    },

    /**
     * LOT-6 step 2: pending, qualified with complete data, under the annual limit, as of now under the locks.
     * Fixed once in a table of this draw's own (`pool`), so the hash and the ranking read the very same set,
     * and as published in batch_eligible. Its hash, and per category its quota and how many are eligible.
     */
    async fixEligible(batch: { id: string; campaign_id: string; year: number }): Promise<{
      pool: RawBuilder<unknown>;
      eligibleHash: string;
      sizes: { code: string; quota: number; eligible: number }[];
    }> {
      // sorts of a million ids stay in memory; a plan compiled for each big statement only costs time here; the
      // scoring of a million ids is worth both cores even where the planner thinks a function call cheap
      await sql`SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
                       set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true)`.execute(
        trx,
      );
      // not a temporary table: PostgreSQL scans those in one process only. Made and dropped inside the
      // transaction, it is gone whatever happens; unlogged, since a crash rolls the draw back anyway.
      const pool = sql.id(drawPoolTable(batch.id));
      await sql`
        CREATE UNLOGGED TABLE ${pool} AS
        SELECT r.category_code, r.id AS reservation_id, r.enterprise_id
        FROM reservations r
        JOIN batch_quotas q ON q.batch_id = ${batch.id} AND q.category_code = r.category_code
        JOIN categories cat ON cat.code = r.category_code
        JOIN qualifications qu ON qu.enterprise_id = r.enterprise_id AND qu.year = ${batch.year} AND qu.approved AND qu.complete
        LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
        LEFT JOIN annual_wins aw ON aw.enterprise_id = r.enterprise_id AND aw.category_code = r.category_code AND aw.year = ${batch.year}
        WHERE r.campaign_id = ${batch.campaign_id} AND r.state = 'pending'
          AND coalesce(e.certified, true) AND coalesce(aw.wins, 0) < cat.annual_limit`.execute(trx);
      // a table made in this transaction has no statistics yet; the ranking's plan needs them
      await sql`ANALYZE ${pool}`.execute(trx);
      // the eligible set as published: per category, every id in LOT-6's order (code point order of the
      // text, which for uuids is their byte order: lower-case hex, hyphens at fixed places)
      await sql`
        INSERT INTO batch_eligible (batch_id, category_code, ids, winners)
        SELECT ${batch.id}, q.category_code, coalesce(g.ids, '{}'), '{}'
        FROM batch_quotas q
        LEFT JOIN (SELECT category_code, array_agg(reservation_id ORDER BY reservation_id) AS ids
                   FROM ${pool} GROUP BY category_code) g ON g.category_code = q.category_code
        WHERE q.batch_id = ${batch.id}`.execute(trx);
      // a category with nobody eligible still contributes "code\n\n"
      const eligibleHash = (
        await sql<{ h: string }>`
          SELECT encode(sha256(convert_to(string_agg(category_code || E'\n' || array_to_string(ids, E'\n') || E'\n', ''
                                                     ORDER BY category_code COLLATE "C"), 'UTF8')), 'hex') AS h
          FROM batch_eligible WHERE batch_id = ${batch.id}`.execute(trx)
      ).rows[0]!.h;
      const sizes = (
        await sql<{ code: string; quota: number; eligible: number }>`
          SELECT be.category_code AS code, q.quota, cardinality(be.ids) AS eligible
          FROM batch_eligible be JOIN batch_quotas q ON q.batch_id = be.batch_id AND q.category_code = be.category_code
          WHERE be.batch_id = ${batch.id}`.execute(trx)
      ).rows;
      return { pool, eligibleHash, sizes };
    },

    /** LOT-6 step 4: the winners ranked into draw_winners and published beside the eligible set; the pool dropped */
    async rank(batchId: string, pool: RawBuilder<unknown>, finalSeed: string, categories: CategoryToRank[]) {
      await rankEligible(trx, pool, finalSeed, categories);
      // the eligible set lives on in batch_eligible; the draw's own table goes with the draw
      await sql`DROP TABLE ${pool}`.execute(trx);
      await sql`ANALYZE draw_winners`.execute(trx);
      await sql`
        UPDATE batch_eligible be SET winners = w.ids
        FROM (SELECT category_code, array_agg(reservation_id ORDER BY reservation_id) AS ids
              FROM draw_winners GROUP BY category_code) w
        WHERE be.batch_id = ${batchId} AND be.category_code = w.category_code`.execute(trx);
    },

    /**
     * The winners' reservations won, their wins and annual counts recorded; per category, its winners'
     * reservation and enterprise ids side by side (ten rows, not a hundred thousand)
     */
    async recordWins(batch: {
      id: string;
      campaign_id: string;
      year: number;
    }): Promise<Map<string, { reservations: string[]; enterprises: string[] }>> {
      // the winners found through the primary key, not by a pass over every reservation
      await sql`UPDATE reservations r SET state = 'won', won_batch_id = ${batch.id}, updated_at = now()
                WHERE r.id = ANY((SELECT array_agg(reservation_id ORDER BY reservation_id) FROM draw_winners)::uuid[])`.execute(
        trx,
      );
      // a draw's win is keyed by its reservation: recording it twice is impossible
      await sql`INSERT INTO wins (id, enterprise_id, category_code, year, source, campaign_id, batch_id, reservation_id)
                SELECT w.reservation_id, w.enterprise_id, w.category_code, ${batch.year}, 'draw', ${batch.campaign_id},
                       ${batch.id}, w.reservation_id
                FROM draw_winners w ORDER BY w.reservation_id`.execute(trx);
      // LOT-4's backstop: the CHECK on annual_wins refuses any count above the limit
      await sql`INSERT INTO annual_wins (enterprise_id, category_code, year, wins, win_limit)
                SELECT w.enterprise_id, w.category_code, ${batch.year}, count(*), max(cat.annual_limit)
                FROM draw_winners w JOIN categories cat ON cat.code = w.category_code
                GROUP BY w.enterprise_id, w.category_code
                ON CONFLICT (enterprise_id, category_code, year)
                DO UPDATE SET wins = annual_wins.wins + EXCLUDED.wins, win_limit = EXCLUDED.win_limit`.execute(trx);
      return new Map(
        (
          await sql<{ code: string; reservations: string[]; enterprises: string[] }>`
            SELECT category_code AS code, array_agg(reservation_id ORDER BY reservation_id) AS reservations,
                   array_agg(enterprise_id ORDER BY reservation_id) AS enterprises
            FROM draw_winners GROUP BY category_code`.execute(trx)
        ).rows.map((r) => [r.code, r]),
      );
    },

    async markDrawn(
      batchId: string,
      d: { eligibleHash: string; finalSeed: string; beacon: string; drawnAt: Date },
    ): Promise<void> {
      await sql`UPDATE batches SET state = 'drawn', eligible_hash = ${d.eligibleHash}, final_seed = ${d.finalSeed},
                beacon = ${d.beacon}, drawn_at = ${d.drawnAt} WHERE id = ${batchId}`.execute(trx);
    },

    /** the scheduled batches whose draw time has come and whose campaign's window has closed, in draw order */
    async dueForDraw(): Promise<string[]> {
      return (
        await sql<{ id: string }>`
          SELECT b.id FROM batches b JOIN campaigns c ON c.id = b.campaign_id
          WHERE b.state = 'scheduled' AND b.draw_at <= now() AND c.closes_at <= now()
          ORDER BY b.draw_at, b.campaign_id, b.seq`.execute(trx)
      ).rows.map((r) => r.id);
    },
  };
}
