import type { Kysely } from 'kysely';
import type { ProcessMetrics } from '@voucher/metrics';
import { openGrabStock } from './store/open-grab-stock.ts';
import type { DB as LotteryDb } from './store/db.ts';

/** Seconds: a small draw takes a second, a million reservations about a minute on two cores. */
const WORK_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

/** The lottery's own series (issue 19), beside every process's. */
export function lotteryMetrics(metrics: ProcessMetrics, db: Kysely<LotteryDb>) {
  metrics.gauge(
    'grab_stock_left',
    'Free slots of each first-come category of a campaign still open (LOT-9)',
    ['campaign', 'category'],
    async (g) => {
      for (const s of await openGrabStock(db)) g.set({ campaign: s.campaignId, category: s.category }, s.left);
    },
  );
  return {
    drawDuration: metrics.histogram(
      'draw_duration_seconds',
      'Draws of a batch, start to commit (LOT-5)',
      [],
      WORK_BUCKETS,
    ),
    publicationDuration: metrics.histogram(
      'publication_duration_seconds',
      'Publications of a drawn batch, start to commit (LOT-7)',
      [],
      WORK_BUCKETS,
    ),
    phaseDuration: metrics.histogram(
      'draw_phase_duration_seconds',
      'Each phase of a draw (eligible, ranking, recording, announcing) and of a publication (document, results)',
      ['phase'],
      WORK_BUCKETS,
    ),
    eligible: metrics.counter('draw_eligible_reservations_total', 'Reservations eligible in the draws (LOT-6 step 2)'),
    winners: metrics.counter('draw_winners_total', 'Reservations that won in the draws (LOT-5)'),
    reservations: metrics.counter(
      'reservations_taken_total',
      'Categories reserved by accepted reservation requests (LOT-3); a request sent again counts again',
    ),
  };
}
export type LotteryMetrics = ReturnType<typeof lotteryMetrics>;
