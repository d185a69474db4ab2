import { sql, type Kysely } from 'kysely';
import type { DB as LotteryDb } from './db.ts';

/** One batch of a new campaign: its draw and publication times, its secret seed and commitment (LOT-6). */
interface NewBatch {
  id: string;
  drawAt: string;
  publishAt: string;
  seed: string;
  commitment: string;
  quotas: Record<string, number>;
}

/** LOT-2 campaigns: their windows, categories, first-come stock and batches; LOT-3's opening announcement. */
export function campaignStore(db: Kysely<LotteryDb>) {
  return {
    /** the campaign, each category (with its first-come slots), each batch in order with its quotas */
    async create(c: {
      id: string;
      name: string;
      mode: string;
      year: number;
      opensAt: string;
      closesAt: string;
      createdBy: string;
      categories: readonly string[];
      stock?: Record<string, number> | undefined;
      batches: readonly NewBatch[];
    }): Promise<void> {
      await sql`INSERT INTO campaigns (id, name, mode, year, opens_at, closes_at, created_by)
                VALUES (${c.id}, ${c.name}, ${c.mode}, ${c.year}, ${c.opensAt}, ${c.closesAt}, ${c.createdBy})`.execute(
        db,
      );
      for (const code of c.categories) {
        await sql`INSERT INTO campaign_categories (campaign_id, category_code, stock)
                  VALUES (${c.id}, ${code}, ${c.stock?.[code] ?? null})`.execute(db);
        if (c.stock?.[code]) {
          await sql`INSERT INTO grab_slots (campaign_id, category_code, slot)
                    SELECT ${c.id}, ${code}, s FROM generate_series(1, ${c.stock[code]}::int) AS s`.execute(db);
        }
      }
      for (const [i, b] of c.batches.entries()) {
        await sql`INSERT INTO batches (id, campaign_id, seq, draw_at, publish_at, seed, commitment)
                  VALUES (${b.id}, ${c.id}, ${i + 1}, ${b.drawAt}, ${b.publishAt}, ${b.seed}, ${b.commitment})`.execute(
          db,
        );
        for (const [code, quota] of Object.entries(b.quotas)) {
          await sql`INSERT INTO batch_quotas (batch_id, category_code, quota) VALUES (${b.id}, ${code}, ${quota})`.execute(
            db,
          );
        }
      }
    },

    /**
     * its last batch published: the campaign is finished, and LOT-5: whoever did not win is not drawn (LOT-7:
     * and learns it at this publication)
     */
    async finish(campaignId: string, at: Date): Promise<void> {
      await sql`UPDATE campaigns SET finished_at = ${at} WHERE id = ${campaignId}`.execute(db);
      await sql`UPDATE reservations SET state = 'not_drawn', updated_at = now()
                WHERE campaign_id = ${campaignId} AND state = 'pending'`.execute(db);
    },

    /** the campaigns whose window is open and not yet announced, the earliest first */
    async dueForOpening(): Promise<string[]> {
      return (
        await sql<{ id: string }>`
          SELECT id FROM campaigns
          WHERE opening_announced_at IS NULL AND opens_at <= now() AND closes_at > now()
          ORDER BY opens_at`.execute(db)
      ).rows.map((r) => r.id);
    },

    /**
     * LOT-3: the campaign marked announced under its row lock, if its window is open and nobody announced it
     * (or is announcing it: SKIP LOCKED); undefined otherwise
     */
    async markOpeningAnnounced(
      campaignId: string,
    ): Promise<{ name: string; year: number; opens_at: Date; closes_at: Date } | undefined> {
      const campaign = (
        await sql<{ name: string; year: number; opens_at: Date; closes_at: Date }>`
          SELECT name, year, opens_at, closes_at FROM campaigns
          WHERE id = ${campaignId} AND opening_announced_at IS NULL AND opens_at <= now() AND closes_at > now()
          FOR UPDATE SKIP LOCKED`.execute(db)
      ).rows[0];
      if (campaign) {
        await sql`UPDATE campaigns SET opening_announced_at = now() WHERE id = ${campaignId}`.execute(db);
      }
      return campaign;
    },
  };
}
