import { sql, type Kysely } from 'kysely';
import type { DB as LotteryDb } from './db.ts';

/**
 * The slots still free of each first-come category of a campaign not yet
 * finished (LOT-9): PostgreSQL's record, read when Prometheus scrapes, from
 * the index of free slots. Redis admits claims ahead of it by moments only.
 */
export async function openGrabStock(
  db: Kysely<LotteryDb>,
): Promise<{ campaignId: string; category: string; left: number }[]> {
  return (
    await sql<{ campaignId: string; category: string; left: number }>`
      SELECT gs.campaign_id AS "campaignId", gs.category_code AS category,
             count(*) FILTER (WHERE gs.reservation_id IS NULL)::int AS left
      FROM grab_slots gs JOIN campaigns c ON c.id = gs.campaign_id
      WHERE c.finished_at IS NULL AND c.closes_at > now()
      GROUP BY gs.campaign_id, gs.category_code`.execute(db)
  ).rows;
}
