import { sql, type Kysely } from 'kysely';
import { AppError, lottery, lotteryEvents, type Caller } from '@voucher/contracts';
import { appendEvent, type Bus, requireRole } from '@voucher/bus';
import { REASON_TEXT, whyNotReservable } from '../domain/reservable.ts';
import { campaignState } from '../domain/campaign-rules.ts';
import type { GrabStock } from '../store/grab-stock.ts';
import { forAMoment } from '../store/moment-cache.ts';
import type { LotteryDeps } from './deps.ts';
import { lockCategories } from './draw.ts';
import { v7 as uuidv7 } from 'uuid';

interface FirstComeCategory {
  campaign_id: string;
  year: number;
  opens_at: Date;
  closes_at: Date;
  finished_at: Date | null;
  mode: string;
  stock: number | null;
  annual_limit: number;
}

const alreadyClaimed = (category: string) =>
  new AppError('ALREADY_RESERVED', 'you have already claimed this category in this campaign', { category });

async function firstComeCategory(
  db: Kysely<any>,
  campaignId: string,
  code: string,
): Promise<FirstComeCategory | undefined> {
  return (
    await sql<FirstComeCategory>`
      SELECT c.id AS campaign_id, c.year, c.opens_at, c.closes_at, c.finished_at, c.mode, cc.stock, cat.annual_limit
      FROM campaigns c JOIN campaign_categories cc ON cc.campaign_id = c.id JOIN categories cat ON cat.code = cc.category_code
      WHERE c.id = ${campaignId} AND cc.category_code = ${code}`.execute(db)
  ).rows[0];
}

/**
 * Rebuilds a category's Redis stock from PostgreSQL (after a Redis restart,
 * or the first claim). Under the category lock no claim is half-recorded, so
 * the count read is exact.
 */
async function loadStock(deps: LotteryDeps, stock: GrabStock, campaignId: string, code: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    // exclusive: no claim of this category is half-recorded while we count
    await lockCategories(trx, [code]);
    const row = await firstComeCategory(trx, campaignId, code);
    const claimants = (
      await sql<{ enterprise_id: string }>`SELECT enterprise_id FROM reservations
        WHERE campaign_id = ${campaignId} AND category_code = ${code} AND state = 'won'`.execute(trx)
    ).rows.map((r) => r.enterprise_id);
    await stock.load(campaignId, code, (row?.stock ?? 0) - claimants.length, claimants);
  });
}

/**
 * Records an admitted claim durably: the win, the annual count, the stock
 * used, and the wallet's event, under the category's lock (LOT-4). Its
 * compensation, `stock.release`, sits in the caller beside it.
 */
async function recordClaim(deps: LotteryDeps, caller: Caller, campaignId: string, code: string, requestId: string) {
  return deps.db.transaction().execute(async (trx) => {
    await lockCategories(trx, [code], 'shared');
    const row = (await firstComeCategory(trx, campaignId, code))!;
    const wins =
      (
        await sql<{ wins: number }>`SELECT wins FROM annual_wins
          WHERE enterprise_id = ${caller.userId} AND category_code = ${code} AND year = ${row.year}`.execute(trx)
      ).rows[0]?.wins ?? 0;
    if (wins >= row.annual_limit)
      throw new AppError('ANNUAL_LIMIT_REACHED', REASON_TEXT.ANNUAL_LIMIT_REACHED, { category: code });
    const reservationId = uuidv7();
    const inserted = await sql`INSERT INTO reservations (id, campaign_id, enterprise_id, category_code, state)
              VALUES (${reservationId}, ${campaignId}, ${caller.userId}, ${code}, 'won')
              ON CONFLICT (campaign_id, enterprise_id, category_code) DO NOTHING`.execute(trx);
    if (Number(inserted.numAffectedRows ?? 0) === 0) {
      throw alreadyClaimed(code);
    }
    // a free slot or none: PostgreSQL itself cannot hand out more than the stock
    const slot = await sql`UPDATE grab_slots SET reservation_id = ${reservationId}
              WHERE (campaign_id, category_code, slot) = (
                SELECT campaign_id, category_code, slot FROM grab_slots
                WHERE campaign_id = ${campaignId} AND category_code = ${code} AND reservation_id IS NULL
                ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)`.execute(trx);
    if (Number(slot.numAffectedRows ?? 0) === 0)
      throw new AppError('SOLD_OUT', 'this category is sold out', { category: code });
    await sql`INSERT INTO wins (id, enterprise_id, category_code, year, source, campaign_id, reservation_id)
              VALUES (${reservationId}, ${caller.userId}, ${code}, ${row.year}, 'grab', ${campaignId}, ${reservationId})`.execute(
      trx,
    );
    await sql`INSERT INTO annual_wins (enterprise_id, category_code, year, wins, win_limit)
              VALUES (${caller.userId}, ${code}, ${row.year}, 1, ${row.annual_limit})
              ON CONFLICT (enterprise_id, category_code, year)
              DO UPDATE SET wins = annual_wins.wins + 1, win_limit = EXCLUDED.win_limit`.execute(trx);
    await appendEvent(
      trx,
      lotteryEvents.winsRecorded,
      {
        batchId: null,
        campaignId,
        category: code,
        source: 'grab',
        visibleFrom: null,
        chunk: 0,
        wins: [{ winId: reservationId, enterpriseId: caller.userId, reservationId }],
      },
      { requestId },
    );
    return { reservationId, category: code, state: 'won' as const };
  });
}

export function registerGrabHandlers(bus: Bus, deps: LotteryDeps, stock: GrabStock): void {
  // a first-come campaign's terms do not change while it runs; the durable write re-reads them under the lock
  const terms = forAMoment((key) => {
    const [campaignId, code] = key.split(':') as [string, string];
    return firstComeCategory(deps.db, campaignId, code);
  });
  // LOT-9
  bus.handle(lottery.claim, async ({ campaignId, category }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    const row = await terms(`${campaignId}:${category}`);
    if (!row) throw new AppError('NOT_FOUND', 'no such category in this campaign');
    if (row.mode !== 'first_come')
      throw new AppError('INVALID_STATE', 'a lottery campaign is reserved, not claimed', { state: 'lottery' });
    const state = campaignState(
      { opensAt: row.opens_at, closesAt: row.closes_at, finishedAt: row.finished_at },
      new Date(),
    );
    if (state === 'open') {
      const outlook = await stock.peek(campaignId, category, caller.userId);
      if (outlook === 'sold_out') throw new AppError('SOLD_OUT', 'this category is sold out', { category });
      if (outlook === 'already') throw alreadyClaimed(category);
    }
    // one round trip for the enterprise's standing: qualification, this year's wins, an earlier claim
    const standing = (
      await sql<{
        approved: boolean | null;
        complete: boolean | null;
        certified: boolean | null;
        wins: number;
        mine: boolean;
      }>`
        SELECT q.approved, q.complete, e.certified,
               COALESCE((SELECT wins FROM annual_wins w WHERE w.enterprise_id = ${caller.userId}
                           AND w.category_code = ${category} AND w.year = ${row.year}), 0) AS wins,
               EXISTS (SELECT 1 FROM reservations r WHERE r.campaign_id = ${campaignId}
                         AND r.enterprise_id = ${caller.userId} AND r.category_code = ${category}) AS mine
        FROM (SELECT 1) one
        LEFT JOIN qualifications q ON q.enterprise_id = ${caller.userId} AND q.year = ${row.year}
        LEFT JOIN enterprises e ON e.enterprise_id = ${caller.userId}`.execute(deps.db)
    ).rows[0]!;
    if (standing.mine) throw alreadyClaimed(category);
    const reason = whyNotReservable({
      windowOpen: state === 'open',
      qualified: standing.approved === true && standing.certified !== false,
      complete: standing.complete ?? false,
      winsThisYear: standing.wins,
      annualLimit: row.annual_limit,
    });
    if (reason) throw new AppError(reason, REASON_TEXT[reason], { category });

    let admission = await stock.admit(campaignId, category, caller.userId);
    if (admission === 'not_loaded') {
      await loadStock(deps, stock, campaignId, category);
      admission = await stock.admit(campaignId, category, caller.userId);
    }
    if (admission === 'sold_out') throw new AppError('SOLD_OUT', 'this category is sold out', { category });
    if (admission === 'already') throw alreadyClaimed(category);
    try {
      return await recordClaim(deps, caller, campaignId, category, ctx.requestId);
    } catch (err) {
      // compensation: the durable write failed, so the admission is given back
      await stock.release(campaignId, category, caller.userId);
      if ((err as { constraint?: string }).constraint === 'annual_limit_never_exceeded') {
        throw new AppError('ANNUAL_LIMIT_REACHED', REASON_TEXT.ANNUAL_LIMIT_REACHED, { category });
      }
      throw err;
    }
  });

  bus.handle(lottery.stock, async ({ id }) => {
    const rows = (
      await sql<{ category_code: string; stock: number | null; claimed: number }>`
        SELECT cc.category_code, cc.stock,
               (SELECT count(*)::int FROM grab_slots g WHERE g.campaign_id = cc.campaign_id AND g.category_code = cc.category_code
                  AND g.reservation_id IS NOT NULL) AS claimed
        FROM campaign_categories cc WHERE cc.campaign_id = ${id} ORDER BY cc.category_code COLLATE "C"`.execute(deps.db)
    ).rows;
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'campaign not found');
    return {
      items: rows.map((r) => ({
        category: r.category_code,
        total: r.stock ?? 0,
        remaining: (r.stock ?? 0) - r.claimed,
      })),
    };
  });
}
