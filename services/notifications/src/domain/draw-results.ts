import type { DataOf, lotteryEvents } from '@voucher/contracts';
import type { Draft } from './templates.ts';

const templateOf = {
  won: 'draw.won',
  not_won: 'draw.not_won',
  not_drawn: 'draw.not_drawn',
} as const;

/**
 * LOT-7, issue 18 item 2: at a batch's publication, every enterprise of a
 * results chunk learns its outcome, winners and those not drawn alike; an
 * enterprise's id is its user id (QUA-9). The event exists only from the
 * publication on, so nobody is told before it.
 */
export function drawResults(d: DataOf<typeof lotteryEvents.resultsPublished>): Draft[] {
  const params = { campaignName: d.campaignName, batchSeq: d.batchSeq, categoryName: d.categoryName };
  const template = templateOf[d.outcome];
  return d.enterpriseIds.map((userId) => ({ userId, template, params }));
}
