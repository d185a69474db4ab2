import { sql, type Kysely } from 'kysely';
import type { DB as LotteryDb } from './db.ts';

type BatchState = 'scheduled' | 'drawn' | 'published';

/** LOT-6/LOT-7: a campaign's batches, from their commitment to their publication. */
export function batchStore(db: Kysely<LotteryDb>) {
  return {
    async stateOf(id: string): Promise<BatchState | undefined> {
      return (await sql<{ state: BatchState }>`SELECT state FROM batches WHERE id = ${id}`.execute(db)).rows[0]?.state;
    },

    async commitment(
      id: string,
    ): Promise<{ campaign_id: string; commitment: string; draw_at: Date; publish_at: Date } | undefined> {
      return (
        await sql<{ campaign_id: string; commitment: string; draw_at: Date; publish_at: Date }>`
          SELECT campaign_id, commitment, draw_at, publish_at FROM batches WHERE id = ${id}`.execute(db)
      ).rows[0];
    },

    /** LOT-6 step 3: the beacon of a batch not drawn yet; its campaign, or undefined when none was set */
    async setBeacon(id: string, value: string, source: string): Promise<string | undefined> {
      return (
        await sql<{ campaign_id: string }>`UPDATE batches SET beacon = ${value}, beacon_source = ${source}
          WHERE id = ${id} AND state = 'scheduled' RETURNING campaign_id`.execute(db)
      ).rows[0]?.campaign_id;
    },

    /** the batch to publish, under its row lock, with its campaign's name and whether it is the campaign's last */
    async lockForPublication(id: string) {
      return (
        await sql<{ state: BatchState; campaign_id: string; campaign_name: string; seq: number; last_seq: number }>`
          SELECT b.state, b.campaign_id, c.name AS campaign_name, b.seq,
                 (SELECT max(seq) FROM batches WHERE campaign_id = b.campaign_id) AS last_seq
          FROM batches b JOIN campaigns c ON c.id = b.campaign_id WHERE b.id = ${id} FOR UPDATE OF b`.execute(db)
      ).rows[0];
    },

    async markPublished(id: string, at: Date, publication: { key: string; size: number }): Promise<void> {
      await sql`UPDATE batches SET state = 'published', published_at = ${at}, publication_key = ${publication.key},
                publication_size = ${publication.size} WHERE id = ${id}`.execute(db);
    },

    /** the drawn batches whose publication time has come, the earliest first */
    async dueForPublication(): Promise<string[]> {
      return (
        await sql<{
          id: string;
        }>`SELECT id FROM batches WHERE state = 'drawn' AND publish_at <= now() ORDER BY publish_at`.execute(db)
      ).rows.map((r) => r.id);
    },

    async publication(
      id: string,
    ): Promise<{ publication_key: string | null; publication_size: number | null; state: BatchState } | undefined> {
      return (
        await sql<{ publication_key: string | null; publication_size: number | null; state: BatchState }>`
          SELECT publication_key, publication_size, state FROM batches WHERE id = ${id}`.execute(db)
      ).rows[0];
    },

    /** LOT-10: per category of a batch, its quota, the campaign's live reservations, the eligible and the winners */
    async report(id: string) {
      const batch = (
        await sql<{ campaign_id: string; state: BatchState }>`
          SELECT campaign_id, state FROM batches WHERE id = ${id}`.execute(db)
      ).rows[0];
      if (!batch) return undefined;
      const categories = (
        await sql<{ category: string; quota: number; reservations: number; eligible: number; winners: number }>`
          SELECT q.category_code AS category, q.quota,
                 (SELECT count(*)::int FROM reservations r WHERE r.campaign_id = ${batch.campaign_id}
                    AND r.category_code = q.category_code AND r.state <> 'cancelled') AS reservations,
                 coalesce(cardinality(be.ids), 0) AS eligible, coalesce(cardinality(be.winners), 0) AS winners
          FROM batch_quotas q
          LEFT JOIN batch_eligible be ON be.batch_id = q.batch_id AND be.category_code = q.category_code
          WHERE q.batch_id = ${id} ORDER BY q.category_code COLLATE "C"`.execute(db)
      ).rows;
      return { ...batch, categories };
    },

    /** LOT-10: every eligible reservation of a batch with its enterprise and whether it won, winners first */
    async reportLines(id: string) {
      return (
        await sql<{
          category_code: string;
          reservation_id: string;
          enterprise_id: string;
          company_name: string | null;
          won: boolean;
        }>`
          SELECT be.category_code, x.id::text AS reservation_id, r.enterprise_id::text AS enterprise_id,
                 e.company_name, x.id = ANY(be.winners) AS won
          FROM batch_eligible be CROSS JOIN unnest(be.ids) AS x(id)
          JOIN reservations r ON r.id = x.id LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
          WHERE be.batch_id = ${id}
          ORDER BY be.category_code COLLATE "C", (x.id = ANY(be.winners)) DESC, x.id::text COLLATE "C"`.execute(db)
      ).rows;
    },
  };
}
