import { sql, type Kysely } from 'kysely';
import type { BatchOfCampaign, ReservationRow } from '../domain/reservation-record.ts';
import type { DB as LotteryDb } from './db.ts';

/** LOT-3: an enterprise's reservations as it reads and withdraws them (the intake writes them: reservation-intake.ts). */
export function reservationStore(db: Kysely<LotteryDb>) {
  return {
    /** its latest 500 reservations with their campaigns' names, and the batches of those campaigns */
    async ofEnterprise(
      enterpriseId: string,
    ): Promise<{ rows: (ReservationRow & { campaign_name: string })[]; batches: BatchOfCampaign[] }> {
      const rows = (
        await sql<ReservationRow & { campaign_name: string }>`
          SELECT r.id, r.campaign_id, c.name AS campaign_name, r.category_code, r.state, r.won_batch_id, r.created_at
          FROM reservations r JOIN campaigns c ON c.id = r.campaign_id
          WHERE r.enterprise_id = ${enterpriseId}
          ORDER BY r.created_at DESC, r.category_code LIMIT 500`.execute(db)
      ).rows;
      if (rows.length === 0) return { rows, batches: [] };
      const batches = (
        await sql<BatchOfCampaign>`
          SELECT b.id, b.campaign_id AS "campaignId", b.seq, b.state, array_agg(q.category_code) AS categories
          FROM batches b JOIN batch_quotas q ON q.batch_id = b.id
          WHERE b.campaign_id = ANY(${[...new Set(rows.map((r) => r.campaign_id))]}::uuid[])
          GROUP BY b.id`.execute(db)
      ).rows;
      return { rows, batches };
    },

    /** every pending reservation of the enterprise in the campaign withdrawn; how many */
    async cancelPending(campaignId: string, enterpriseId: string): Promise<number> {
      const r = await sql`UPDATE reservations SET state = 'cancelled', updated_at = now()
        WHERE campaign_id = ${campaignId} AND enterprise_id = ${enterpriseId} AND state = 'pending'`.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },
  };
}
