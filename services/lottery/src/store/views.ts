import { sql, type Kysely } from 'kysely';
import type { CampaignView, CategoryView } from '@voucher/contracts';
import type { BatchOfCampaign } from '../domain/reservation-record.ts';
import { campaignState } from '../domain/campaign-rules.ts';
import type { DB as LotteryDb } from './db.ts';

export interface CategoryRow {
  code: string;
  name: string;
  face_value: number;
  validity_days: number | null;
  valid_until: string | null;
  redemption_mode: 'single_use' | 'balance';
  annual_limit: number;
}

export function toCategoryView(r: CategoryRow): CategoryView {
  return {
    code: r.code,
    name: r.name,
    faceValue: r.face_value,
    validityDays: r.validity_days,
    validUntil: r.valid_until,
    redemptionMode: r.redemption_mode,
    annualLimit: r.annual_limit,
  };
}

export async function categories(db: Kysely<LotteryDb>): Promise<CategoryRow[]> {
  return (
    await sql<CategoryRow>`SELECT code, name, face_value, validity_days, to_char(valid_until, 'YYYY-MM-DD') AS valid_until,
                                  redemption_mode, annual_limit FROM categories ORDER BY code COLLATE "C"`.execute(db)
  ).rows;
}

interface CampaignRow {
  id: string;
  name: string;
  mode: 'lottery' | 'first_come';
  year: number;
  opens_at: Date;
  closes_at: Date;
  finished_at: Date | null;
}

/** Campaigns with their categories and batches (never their seeds), newest first. */
export async function campaignViews(
  db: Kysely<LotteryDb>,
  ids?: string[],
): Promise<Omit<CampaignView, 'reservable'>[]> {
  const campaigns = (
    await sql<CampaignRow>`SELECT id, name, mode, year, opens_at, closes_at, finished_at FROM campaigns
       ${ids ? sql`WHERE id = ANY(${ids}::uuid[])` : sql``} ORDER BY opens_at DESC, id DESC LIMIT 200`.execute(db)
  ).rows;
  if (campaigns.length === 0) return [];
  const cids = campaigns.map((c) => c.id);
  const [cats, batches, quotas] = await Promise.all([
    sql<{ campaign_id: string; category_code: string; stock: number | null }>`
      SELECT campaign_id, category_code, stock FROM campaign_categories WHERE campaign_id = ANY(${cids}::uuid[])
      ORDER BY category_code COLLATE "C"`.execute(db),
    sql<{
      id: string;
      campaign_id: string;
      seq: number;
      draw_at: Date;
      publish_at: Date;
      commitment: string;
      state: 'scheduled' | 'drawn' | 'published';
      beacon: string | null;
    }>`SELECT id, campaign_id, seq, draw_at, publish_at, commitment, state, beacon FROM batches
       WHERE campaign_id = ANY(${cids}::uuid[]) ORDER BY seq`.execute(db),
    sql<{ batch_id: string; category_code: string; quota: number }>`
      SELECT q.batch_id, q.category_code, q.quota FROM batch_quotas q JOIN batches b ON b.id = q.batch_id
      WHERE b.campaign_id = ANY(${cids}::uuid[])`.execute(db),
  ]);
  const now = new Date();
  return campaigns.map((c) => {
    const own = cats.rows.filter((x) => x.campaign_id === c.id);
    return {
      id: c.id,
      name: c.name,
      mode: c.mode,
      state: campaignState({ opensAt: c.opens_at, closesAt: c.closes_at, finishedAt: c.finished_at }, now),
      year: c.year,
      opensAt: c.opens_at.toISOString(),
      closesAt: c.closes_at.toISOString(),
      categories: own.map((x) => x.category_code),
      stock: c.mode === 'first_come' ? Object.fromEntries(own.map((x) => [x.category_code, x.stock ?? 0])) : null,
      batches: batches.rows
        .filter((b) => b.campaign_id === c.id)
        .map((b) => ({
          id: b.id,
          seq: b.seq,
          drawAt: b.draw_at.toISOString(),
          publishAt: b.publish_at.toISOString(),
          quotas: Object.fromEntries(
            quotas.rows.filter((q) => q.batch_id === b.id).map((q) => [q.category_code, q.quota]),
          ),
          commitment: b.commitment,
          state: b.state,
          beacon: b.beacon,
        })),
    };
  });
}

export interface ReserveTerms extends CampaignRow {
  /** the campaign's categories with their annual limits (LOT-4) */
  limits: Record<string, number>;
  batches: BatchOfCampaign[];
}

/** A campaign's terms for taking reservations, in one round trip. */
export async function reserveTerms(db: Kysely<LotteryDb>, campaignId: string): Promise<ReserveTerms | undefined> {
  return (
    await sql<ReserveTerms>`
      SELECT c.id, c.name, c.mode, c.year, c.opens_at, c.closes_at, c.finished_at,
             (SELECT coalesce(jsonb_object_agg(cc.category_code, cat.annual_limit), '{}')
              FROM campaign_categories cc JOIN categories cat ON cat.code = cc.category_code
              WHERE cc.campaign_id = c.id) AS limits,
             (SELECT coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'campaignId', b.campaign_id, 'seq', b.seq,
                                                           'state', b.state, 'categories',
                                                           (SELECT array_agg(q.category_code) FROM batch_quotas q
                                                            WHERE q.batch_id = b.id))), '[]')
              FROM batches b WHERE b.campaign_id = c.id) AS batches
      FROM campaigns c WHERE c.id = ${campaignId}`.execute(db)
  ).rows[0];
}
