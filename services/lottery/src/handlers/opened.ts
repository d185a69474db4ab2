import { sql } from 'kysely';
import { AppError, lottery, lotteryEvents, RESULT_CHUNK_SIZE } from '@voucher/contracts';
import { outboxInsert, prepareEvent, requireRole, type Bus, type EventCause } from '@voucher/bus';
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
    const campaign = (
      await sql<{ name: string; year: number; opens_at: Date; closes_at: Date }>`
        SELECT name, year, opens_at, closes_at FROM campaigns
        WHERE id = ${campaignId} AND opening_announced_at IS NULL AND opens_at <= now() AND closes_at > now()
        FOR UPDATE SKIP LOCKED`.execute(trx)
    ).rows[0];
    if (!campaign) throw new AppError('INVALID_STATE', 'not open, or already announced');
    await sql`UPDATE campaigns SET opening_announced_at = now() WHERE id = ${campaignId}`.execute(trx);
    // one text of ids, split here (as a batch's results): a million come back as a few big strings
    const all = (
      await sql<{ ids: string | null }>`
        SELECT string_agg(enterprise_id::text, ',') AS ids FROM qualifications
        WHERE year = ${campaign.year} AND approved AND complete`.execute(trx)
    ).rows[0]?.ids;
    const ids = all ? all.split(',') : [];
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
    const due = (
      await sql<{ id: string }>`
        SELECT id FROM campaigns
        WHERE opening_announced_at IS NULL AND opens_at <= now() AND closes_at > now()
        ORDER BY opens_at`.execute(deps.db)
    ).rows;
    return workThroughDue(
      ctx,
      due.map((d) => d.id),
      (id) => announceOpened(deps, id, ctx),
    );
  });
}
