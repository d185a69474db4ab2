import { AppError, lottery, lotteryEvents, RESULT_CHUNK_SIZE } from '@voucher/contracts';
import { outboxInsert, prepareEvent, requireRole, type Bus, type EventCause } from '@voucher/bus';
import { campaignStore } from '../store/campaigns.ts';
import { enterpriseStore } from '../store/enterprises.ts';
import type { LotteryDeps } from './deps.ts';
import { workThroughDue } from './due.ts';

/** opening events per outbox statement, as for the results: 20 chunks of 5,000 ids are about 4 MB of JSON */
const OPENED_EVENTS_PER_INSERT = 20;

/**
 * LOT-2/LOT-3, issue 18 item 2: announces one campaign's open window to the
 * enterprises qualified for its year (QUA-4: approved, complete data; the
 * `qualifications` projection), in chunks of RESULT_CHUNK_SIZE, in the
 * transaction that marks it announced under its row lock: once, whoever else
 * runs the job at the same time. A campaign already announced (or being
 * announced), or whose window closed meanwhile, is INVALID_STATE: the job
 * skips it.
 */
async function announceOpened(deps: LotteryDeps, campaignId: string, cause: EventCause): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const campaign = await campaignStore(trx).markOpeningAnnounced(campaignId);
    if (!campaign) throw new AppError('INVALID_STATE', 'not open, or already announced');
    const ids = await enterpriseStore(trx).qualifiedIn(campaign.year);
    const events = Array.from({ length: Math.ceil(ids.length / RESULT_CHUNK_SIZE) }, (_, chunk) =>
      prepareEvent(
        lotteryEvents.campaignOpened,
        {
          campaignId,
          campaignName: campaign.name,
          year: campaign.year,
          opensAt: campaign.opens_at.toISOString(),
          closesAt: campaign.closes_at.toISOString(),
          chunk,
          enterpriseIds: ids.slice(chunk * RESULT_CHUNK_SIZE, (chunk + 1) * RESULT_CHUNK_SIZE),
        },
        cause,
      ),
    );
    for (let i = 0; i < events.length; i += OPENED_EVENTS_PER_INSERT) {
      await outboxInsert(events.slice(i, i + OPENED_EVENTS_PER_INSERT)).execute(trx);
    }
  });
}

export function registerOpenedHandlers(bus: Bus, deps: LotteryDeps): void {
  // DOMAIN §9: idempotent; a campaign announced is not due any more
  bus.handle(lottery.announceOpenedDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const due = await campaignStore(deps.db).dueForOpening();
    return workThroughDue(ctx, due, (id) => announceOpened(deps, id, ctx));
  });
}
