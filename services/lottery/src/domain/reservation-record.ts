import type { ReservationView } from '@voucher/contracts';

export interface ReservationRow {
  id: string;
  campaign_id: string;
  category_code: string;
  state: ReservationView['state'];
  won_batch_id: string | null;
  created_at: Date;
}

export interface BatchOfCampaign {
  id: string;
  campaignId: string;
  seq: number;
  state: 'scheduled' | 'drawn' | 'published';
  categories: string[];
}

/**
 * An enterprise's reservation as it may see it (LOT-7): per batch that drew
 * its category while it was still in the running, won, lost or pending; and
 * nothing about a batch before its publication, not even a win.
 */
export function reservationRecord(
  r: ReservationRow,
  campaignName: string,
  batches: BatchOfCampaign[],
): ReservationView {
  const ofCampaign = batches.filter((b) => b.campaignId === r.campaign_id).sort((a, b) => a.seq - b.seq);
  const wonSeq = ofCampaign.find((b) => b.id === r.won_batch_id)?.seq;
  const concerns = (b: BatchOfCampaign) =>
    r.state !== 'cancelled' && b.categories.includes(r.category_code) && (wonSeq === undefined || b.seq <= wonSeq);
  const wonPublished = ofCampaign.find((b) => b.id === r.won_batch_id)?.state === 'published';
  return {
    id: r.id,
    campaignId: r.campaign_id,
    campaignName,
    category: r.category_code,
    state: r.state === 'won' && !wonPublished ? 'pending' : r.state,
    results: ofCampaign.filter(concerns).map((b) => ({
      batchId: b.id,
      result: b.state !== 'published' ? 'pending' : r.won_batch_id === b.id ? 'won' : 'lost',
    })),
    createdAt: r.created_at.toISOString(),
  };
}
