import { sql, type Kysely } from 'kysely';
import { AppError, lottery, lotteryEvents, type Caller } from '@voucher/contracts';
import { outboxInsert, prepareEvent, requireRole, type Bus, type EventCause, type PendingEvent } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { finalSeedOf } from '@voucher/draw';
import type { LotteryDeps } from './deps.ts';
import { scoreCutoff } from '../domain/score-cutoff.ts';
import { drawPoolTable, rankEligible } from '../store/draw-ranking.ts';
import { workThroughDue } from './due.ts';
import { BatchWorkClock, timedBatchWork } from './batch-work-clock.ts';

interface BatchRow {
  id: string;
  campaign_id: string;
  seq: number;
  state: string;
  seed: string;
  beacon: string | null;
  publish_at: Date;
  year: number;
  closes_at: Date;
  earlier_undrawn: number;
}

/**
 * The same lock for everything that records wins of a category (LOT-4): a draw
 * takes it exclusively, so its eligible set, fixed under the lock, already
 * respects every other win; grabs take it shared, since among themselves the
 * annual_wins row and its CHECK already keep one enterprise under its limit.
 */
export async function lockCategories(
  trx: Kysely<any>,
  codes: string[],
  mode: 'exclusive' | 'shared' = 'exclusive',
): Promise<void> {
  // always in code order, so two draws over overlapping categories cannot deadlock
  for (const code of [...codes].sort()) {
    const key = `lottery:category:${code}`;
    await (
      mode === 'exclusive'
        ? sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`
        : sql`SELECT pg_advisory_xact_lock_shared(hashtext(${key}))`
    ).execute(trx);
  }
}

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
    const batch = (
      await sql<BatchRow>`
        SELECT b.id, b.campaign_id, b.seq, b.state, b.seed, b.beacon, b.publish_at, c.year, c.closes_at,
               (SELECT count(*)::int FROM batches WHERE campaign_id = b.campaign_id AND seq < b.seq AND state = 'scheduled')
                 AS earlier_undrawn
        FROM batches b JOIN campaigns c ON c.id = b.campaign_id WHERE b.id = ${batchId} FOR UPDATE OF b`.execute(trx)
    ).rows[0];
    if (!batch) throw new AppError('NOT_FOUND', 'batch not found');
    if (batch.state !== 'scheduled')
      throw new AppError('INVALID_STATE', 'this batch is already drawn', { state: batch.state });
    if (batch.closes_at > new Date()) {
      throw new AppError('INVALID_STATE', 'reservations are still open: the eligible set is not final', {
        state: 'open',
      });
    }
    if (batch.earlier_undrawn > 0) {
      throw new AppError('INVALID_STATE', 'an earlier batch of this campaign is not drawn yet', { state: 'scheduled' });
    }
    const quotas = (
      await sql<{ category_code: string }>`SELECT category_code FROM batch_quotas WHERE batch_id = ${batchId}`.execute(
        trx,
      )
    ).rows.map((q) => q.category_code);
    await lockCategories(trx, quotas);
    await clock.enter('eligible');

    // sorts of a million ids stay in memory; a plan compiled for each big statement only costs time here; the
    // scoring of a million ids is worth both cores even where the planner thinks a function call cheap
    await sql`SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
                     set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true)`.execute(
      trx,
    );

    // LOT-6 step 2: pending, qualified with complete data, under the annual limit, as of now under the locks.
    // Fixed once in a table of this draw's own, so the hash and the ranking read the very same set. Not a
    // temporary table: PostgreSQL scans those in one process only. Made and dropped inside the transaction,
    // it is gone whatever happens; unlogged, since a crash rolls the draw back anyway.
    const pool = sql.id(drawPoolTable(batchId));
    await sql`
      CREATE UNLOGGED TABLE ${pool} AS
      SELECT r.category_code, r.id AS reservation_id, r.enterprise_id
      FROM reservations r
      JOIN batch_quotas q ON q.batch_id = ${batchId} AND q.category_code = r.category_code
      JOIN categories cat ON cat.code = r.category_code
      JOIN qualifications qu ON qu.enterprise_id = r.enterprise_id AND qu.year = ${batch.year} AND qu.approved AND qu.complete
      LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
      LEFT JOIN annual_wins aw ON aw.enterprise_id = r.enterprise_id AND aw.category_code = r.category_code AND aw.year = ${batch.year}
      WHERE r.campaign_id = ${batch.campaign_id} AND r.state = 'pending'
        AND coalesce(e.certified, true) AND coalesce(aw.wins, 0) < cat.annual_limit`.execute(trx);
    // a table made in this transaction has no statistics yet; the ranking's plan needs them
    await sql`ANALYZE ${pool}`.execute(trx);

    // the eligible set as published: per category, every id in LOT-6's order (code point order of the
    // text, which for uuids is their byte order: lower-case hex, hyphens at fixed places)
    await sql`
      INSERT INTO batch_eligible (batch_id, category_code, ids, winners)
      SELECT ${batchId}, q.category_code, coalesce(g.ids, '{}'), '{}'
      FROM batch_quotas q
      LEFT JOIN (SELECT category_code, array_agg(reservation_id ORDER BY reservation_id) AS ids
                 FROM ${pool} GROUP BY category_code) g ON g.category_code = q.category_code
      WHERE q.batch_id = ${batchId}`.execute(trx);
    // a category with nobody eligible still contributes "code\n\n"
    const eligibleHash = (
      await sql<{ h: string }>`
        SELECT encode(sha256(convert_to(string_agg(category_code || E'\n' || array_to_string(ids, E'\n') || E'\n', ''
                                                   ORDER BY category_code COLLATE "C"), 'UTF8')), 'hex') AS h
        FROM batch_eligible WHERE batch_id = ${batchId}`.execute(trx)
    ).rows[0]!.h;
    const beacon = batch.beacon ?? '';
    const finalSeed = finalSeedOf(batch.seed, eligibleHash, beacon);

    // LOT-6 step 4, into draw_winners
    const sizes = (
      await sql<{ code: string; quota: number; eligible: number }>`
        SELECT be.category_code AS code, q.quota, cardinality(be.ids) AS eligible
        FROM batch_eligible be JOIN batch_quotas q ON q.batch_id = be.batch_id AND q.category_code = be.category_code
        WHERE be.batch_id = ${batchId}`.execute(trx)
    ).rows;
    countEligible(sizes.reduce((n, c) => n + c.eligible, 0));
    await clock.enter('ranking');
    await rankEligible(
      trx,
      pool,
      finalSeed,
      sizes.map((c) => ({ ...c, cutoff: scoreCutoff(c.eligible, c.quota) })),
    );
    // the eligible set lives on in batch_eligible; the draw's own table goes with the draw
    await sql`DROP TABLE ${pool}`.execute(trx);
    await sql`ANALYZE draw_winners`.execute(trx);
    await sql`
      UPDATE batch_eligible be SET winners = w.ids
      FROM (SELECT category_code, array_agg(reservation_id ORDER BY reservation_id) AS ids
            FROM draw_winners GROUP BY category_code) w
      WHERE be.batch_id = ${batchId} AND be.category_code = w.category_code`.execute(trx);

    await clock.enter('recording');
    // the winners found through the primary key, not by a pass over every reservation
    await sql`UPDATE reservations r SET state = 'won', won_batch_id = ${batchId}, updated_at = now()
              WHERE r.id = ANY((SELECT array_agg(reservation_id ORDER BY reservation_id) FROM draw_winners)::uuid[])`.execute(
      trx,
    );
    // a draw's win is keyed by its reservation: recording it twice is impossible
    await sql`INSERT INTO wins (id, enterprise_id, category_code, year, source, campaign_id, batch_id, reservation_id)
              SELECT w.reservation_id, w.enterprise_id, w.category_code, ${batch.year}, 'draw', ${batch.campaign_id}, ${batchId},
                     w.reservation_id
              FROM draw_winners w ORDER BY w.reservation_id`.execute(trx);
    // LOT-4's backstop: the CHECK on annual_wins refuses any count above the limit
    await sql`INSERT INTO annual_wins (enterprise_id, category_code, year, wins, win_limit)
              SELECT w.enterprise_id, w.category_code, ${batch.year}, count(*), max(cat.annual_limit)
              FROM draw_winners w JOIN categories cat ON cat.code = w.category_code
              GROUP BY w.enterprise_id, w.category_code
              ON CONFLICT (enterprise_id, category_code, year)
              DO UPDATE SET wins = annual_wins.wins + EXCLUDED.wins, win_limit = EXCLUDED.win_limit`.execute(trx);

    // per category, its winners' reservation and enterprise ids side by side: ten rows, not a hundred thousand
    const won = new Map(
      (
        await sql<{ code: string; reservations: string[]; enterprises: string[] }>`
          SELECT category_code AS code, array_agg(reservation_id ORDER BY reservation_id) AS reservations,
                 array_agg(enterprise_id ORDER BY reservation_id) AS enterprises
          FROM draw_winners GROUP BY category_code`.execute(trx)
      ).rows.map((r) => [r.code, r]),
    );
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
    await sql`UPDATE batches SET state = 'drawn', eligible_hash = ${eligibleHash}, final_seed = ${finalSeed},
              beacon = ${beacon}, drawn_at = ${drawnAt} WHERE id = ${batchId}`.execute(trx);
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
    const due = (
      await sql<{ id: string }>`
        SELECT b.id FROM batches b JOIN campaigns c ON c.id = b.campaign_id
        WHERE b.state = 'scheduled' AND b.draw_at <= now() AND c.closes_at <= now()
        ORDER BY b.draw_at, b.campaign_id, b.seq`.execute(deps.db)
    ).rows;
    return workThroughDue(
      ctx,
      due.map((d) => d.id),
      (id) => drawBatch(deps, id, caller, ctx),
    );
  });
}
