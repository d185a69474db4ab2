import { AppError, lottery, lotteryEvents, refusalError, type Caller } from '@voucher/contracts';
import { outboxInsert, prepareEvent, requireRole, type Bus, type EventCause, type PendingEvent } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { finalSeedOf } from '@voucher/draw';
import type { LotteryDeps } from './deps.ts';
import { scoreCutoff } from '../domain/score-cutoff.ts';
import { whyNotDrawable } from '../domain/draw-readiness.ts';
import { lockCategories } from '../store/category-locks.ts';
import { drawStore } from '../store/draws.ts';
import { workThroughDue } from './due.ts';
import { BatchWorkClock, timedBatchWork } from './batch-work-clock.ts';

/**
 * LOT-5 and LOT-6 in one transaction: fix the eligible set, hash it, derive the
 * final seed, rank by HMAC score inside PostgreSQL, record the wins, announce
 * them in chunks. A crash anywhere rolls all of it back and the batch is drawn
 * again from scratch with the same seed; the row lock makes a second trigger
 * wait and then find the batch drawn.
 */
async function drawBatch(deps: LotteryDeps, batchId: string, actor: Caller, cause: EventCause) {
  const clock = new BatchWorkClock(deps, batchId, 'draw');
  let eligible = 0;
  const drawn = await timedBatchWork(clock, () =>
    drawInTransaction(deps, clock, batchId, actor, cause, (n) => (eligible = n)),
  );
  deps.metrics.eligible.inc(eligible);
  deps.metrics.winners.inc(drawn.winners);
  return drawn;
}

async function drawInTransaction(
  deps: LotteryDeps,
  clock: BatchWorkClock,
  batchId: string,
  actor: Caller,
  cause: EventCause,
  countEligible: (n: number) => void,
) {
  return deps.db.transaction().execute(async (trx) => {
    const draws = drawStore(trx);
    const batch = await draws.lockBatch(batchId);
    if (!batch) throw new AppError('NOT_FOUND', 'batch not found');
    const refusal = whyNotDrawable(
      { state: batch.state, closesAt: batch.closes_at, earlierUndrawn: batch.earlier_undrawn },
      new Date(),
    );
    if (refusal) throw refusalError(refusal);
    const quotas = await draws.categoriesOf(batchId);
    await lockCategories(trx, quotas);
    await clock.enter('eligible');
    const { pool, eligibleHash, sizes } = await draws.fixEligible(batch);
    const beacon = batch.beacon ?? '';
    const finalSeed = finalSeedOf(batch.seed, eligibleHash, beacon);
    countEligible(sizes.reduce((n, c) => n + c.eligible, 0));
    await clock.enter('ranking');
    await draws.rank(
      batchId,
      pool,
      finalSeed,
      sizes.map((c) => ({ ...c, cutoff: scoreCutoff(c.eligible, c.quota) })),
    );
    await clock.enter('recording');
    const won = await draws.recordWins(batch);
    await clock.enter('announcing');
    // LOT-8: the wallet learns the wins in chunks, hidden until the batch's publication; every chunk and the
    // batch's own event go into the outbox in one statement
    const meta = cause;
    const events: PendingEvent[] = [];
    let winners = 0;
    for (const code of quotas.sort()) {
      const { reservations = [], enterprises = [] } = won.get(code) ?? {};
      winners += reservations.length;
      for (let i = 0; i < reservations.length; i += deps.winsPerEvent) {
        events.push(
          prepareEvent(
            lotteryEvents.winsRecorded,
            {
              batchId,
              campaignId: batch.campaign_id,
              category: code,
              source: 'draw',
              visibleFrom: batch.publish_at.toISOString(),
              chunk: events.length,
              wins: reservations.slice(i, i + deps.winsPerEvent).map((id, k) => ({
                winId: id,
                enterpriseId: enterprises[i + k]!,
                reservationId: id,
              })),
            },
            meta,
          ),
        );
      }
    }
    const drawnAt = new Date();
    await draws.markDrawn(batchId, { eligibleHash, finalSeed, beacon, drawnAt });
    events.push(
      prepareEvent(
        lotteryEvents.batchDrawn,
        {
          batchId,
          campaignId: batch.campaign_id,
          winners,
          drawnAt: drawnAt.toISOString(),
          publishAt: batch.publish_at.toISOString(),
        },
        meta,
      ),
    );
    await outboxInsert(events).execute(trx);
    await recordAudit(trx, {
      entity: 'batch',
      entityId: batchId,
      action: 'drawn',
      actor: actor,
      fromState: 'scheduled',
      toState: 'drawn',
      reason: `${winners} winners`,
    });
    return { id: batchId, state: 'drawn' as const, winners };
  });
}

export function registerDrawHandlers(bus: Bus, deps: LotteryDeps): void {
  bus.handle(lottery.drawBatch, async ({ id }, ctx) => drawBatch(deps, id, requireRole(ctx, 'approver'), ctx));

  // DOMAIN §9: idempotent; batches already drawn are not due any more
  bus.handle(lottery.drawDue, async (_req, ctx) => {
    const caller = requireRole(ctx, 'scheduler');
    const due = await drawStore(deps.db).dueForDraw();
    return workThroughDue(ctx, due, (id) => drawBatch(deps, id, caller, ctx));
  });
}
