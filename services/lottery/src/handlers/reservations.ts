import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import { AppError, lottery, validationFailed, type CampaignView, type Caller } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { REASON_TEXT, whyNotReservable } from '../domain/reservable.ts';
import { campaignViews, categories } from '../store/views.ts';
import type { LotteryDeps } from './deps.ts';

interface Standing {
  qualified: boolean;
  complete: boolean;
  wins: Map<string, number>;
  reserved: Set<string>;
}

/** What lottery's projections say about an enterprise for a year (QUA-4 via events) and its wins so far (LOT-4). */
async function standing(deps: LotteryDeps, enterpriseId: string, year: number, campaignId?: string): Promise<Standing> {
  const [q, wins, reserved] = await Promise.all([
    sql<{ approved: boolean; complete: boolean; certified: boolean | null }>`
      SELECT q.approved, q.complete, e.certified FROM qualifications q
      LEFT JOIN enterprises e ON e.enterprise_id = q.enterprise_id
      WHERE q.enterprise_id = ${enterpriseId} AND q.year = ${year}`.execute(deps.db),
    sql<{ category_code: string; wins: number }>`
      SELECT category_code, wins FROM annual_wins WHERE enterprise_id = ${enterpriseId} AND year = ${year}`.execute(
      deps.db,
    ),
    campaignId
      ? sql<{ category_code: string }>`SELECT category_code FROM reservations
          WHERE campaign_id = ${campaignId} AND enterprise_id = ${enterpriseId} AND state <> 'cancelled'`.execute(
          deps.db,
        )
      : Promise.resolve({ rows: [] as { category_code: string }[] }),
  ]);
  const row = q.rows[0];
  return {
    qualified: row !== undefined && row.approved && row.certified !== false,
    complete: row?.complete ?? false,
    wins: new Map(wins.rows.map((w) => [w.category_code, w.wins])),
    reserved: new Set(reserved.rows.map((r) => r.category_code)),
  };
}

/** LOT-3/4 for the campaign listing: per category, may this enterprise reserve it, and if not why. */
export async function withReservability(
  deps: LotteryDeps,
  views: Omit<CampaignView, 'reservable'>[],
  caller: Caller | undefined,
): Promise<CampaignView[]> {
  if (caller?.role !== 'enterprise') return views;
  const limits = new Map((await categories(deps.db)).map((c) => [c.code, c.annual_limit]));
  return Promise.all(
    views.map(async (v) => {
      const s = await standing(deps, caller.userId, v.year, v.id);
      return {
        ...v,
        reservable: v.categories.map((category) => {
          const reason = whyNotReservable({
            windowOpen: v.state === 'open',
            qualified: s.qualified,
            complete: s.complete,
            winsThisYear: s.wins.get(category) ?? 0,
            annualLimit: limits.get(category) ?? 0,
          });
          return { category, reservable: reason === null, reason, reserved: s.reserved.has(category) };
        }),
      };
    }),
  );
}

async function myReservations(deps: LotteryDeps, enterpriseId: string, campaignId?: string) {
  const rows = (
    await sql<{
      id: string;
      campaign_id: string;
      campaign_name: string;
      category_code: string;
      state: 'pending' | 'won' | 'not_drawn' | 'cancelled';
      won_batch_id: string | null;
      created_at: Date;
    }>`SELECT r.id, r.campaign_id, c.name AS campaign_name, r.category_code, r.state, r.won_batch_id, r.created_at
       FROM reservations r JOIN campaigns c ON c.id = r.campaign_id
       WHERE r.enterprise_id = ${enterpriseId} ${campaignId ? sql`AND r.campaign_id = ${campaignId}` : sql``}
       ORDER BY r.created_at DESC, r.category_code LIMIT 500`.execute(deps.db)
  ).rows;
  if (rows.length === 0) return [];
  const batches = (
    await sql<{ id: string; campaign_id: string; seq: number; state: string; categories: string[] }>`
      SELECT b.id, b.campaign_id, b.seq, b.state, array_agg(q.category_code) AS categories
      FROM batches b JOIN batch_quotas q ON q.batch_id = b.id
      WHERE b.campaign_id = ANY(${[...new Set(rows.map((r) => r.campaign_id))]}::uuid[])
      GROUP BY b.id ORDER BY b.seq`.execute(deps.db)
  ).rows;
  /** a batch concerns a reservation if it draws its category, and the reservation was still in the running */
  const concerns = (b: (typeof batches)[number], r: (typeof rows)[number]) => {
    if (b.campaign_id !== r.campaign_id || r.state === 'cancelled' || !b.categories.includes(r.category_code))
      return false;
    const wonSeq = batches.find((x) => x.id === r.won_batch_id)?.seq;
    return wonSeq === undefined || b.seq <= wonSeq;
  };
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    category: r.category_code,
    // LOT-7: nothing about a batch shows before its publication, not even a win
    state:
      r.state === 'won' && batches.find((b) => b.id === r.won_batch_id)?.state !== 'published'
        ? ('pending' as const)
        : r.state,
    results: batches
      .filter((b) => concerns(b, r))
      .map((b) => ({
        batchId: b.id,
        result:
          b.state !== 'published'
            ? ('pending' as const)
            : r.won_batch_id === b.id
              ? ('won' as const)
              : ('lost' as const),
      })),
    createdAt: r.created_at.toISOString(),
  }));
}

export function registerReservationHandlers(bus: Bus, deps: LotteryDeps): void {
  const { db } = deps;

  // LOT-3: the enterprise's choice for a campaign is exactly the set it sends; it can change it while the window is open
  bus.handle(lottery.reserve, async ({ campaignId, categories: wanted }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    const duplicate = wanted.findIndex((c, i) => wanted.indexOf(c) !== i);
    if (duplicate >= 0) throw validationFailed([{ path: `categories.${duplicate}`, message: 'listed twice' }]);
    const [campaign] = await campaignViews(db, [campaignId]);
    if (!campaign) throw new AppError('NOT_FOUND', 'campaign not found');
    if (campaign.mode !== 'lottery')
      throw new AppError('INVALID_STATE', 'a first-come campaign is claimed, not reserved', { state: campaign.state });
    if (campaign.state !== 'open')
      throw new AppError('WINDOW_CLOSED', REASON_TEXT.WINDOW_CLOSED, { state: campaign.state });
    const offered = new Set(campaign.categories);
    const unknown = wanted.map((c, i) => ({ c, i })).filter(({ c }) => !offered.has(c));
    if (unknown.length > 0) {
      throw validationFailed(
        unknown.map(({ c, i }) => ({ path: `categories.${i}`, message: `${c} is not offered by this campaign` })),
      );
    }
    const s = await standing(deps, caller.userId, campaign.year, campaignId);
    const limits = new Map((await categories(db)).map((c) => [c.code, c.annual_limit]));
    for (const category of wanted.filter((c) => !s.reserved.has(c))) {
      const reason = whyNotReservable({
        windowOpen: true,
        qualified: s.qualified,
        complete: s.complete,
        winsThisYear: s.wins.get(category) ?? 0,
        annualLimit: limits.get(category) ?? 0,
      });
      if (reason) throw new AppError(reason, REASON_TEXT[reason], { category });
    }
    await db.transaction().execute(async (trx) => {
      for (const category of wanted) {
        await sql`INSERT INTO reservations (id, campaign_id, enterprise_id, category_code, state)
                  VALUES (${uuidv7()}, ${campaignId}, ${caller.userId}, ${category}, 'pending')
                  ON CONFLICT (campaign_id, enterprise_id, category_code)
                  DO UPDATE SET state = 'pending', updated_at = now() WHERE reservations.state = 'cancelled'`.execute(
          trx,
        );
      }
      await sql`UPDATE reservations SET state = 'cancelled', updated_at = now()
                WHERE campaign_id = ${campaignId} AND enterprise_id = ${caller.userId} AND state = 'pending'
                  AND NOT (category_code = ANY(${wanted}::text[]))`.execute(trx);
    });
    return { items: await myReservations(deps, caller.userId, campaignId) };
  });

  bus.handle(lottery.cancelReservations, async ({ campaignId }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    const [campaign] = await campaignViews(db, [campaignId]);
    if (!campaign) throw new AppError('NOT_FOUND', 'campaign not found');
    if (campaign.state !== 'open')
      throw new AppError('WINDOW_CLOSED', REASON_TEXT.WINDOW_CLOSED, { state: campaign.state });
    const r = await sql`UPDATE reservations SET state = 'cancelled', updated_at = now()
              WHERE campaign_id = ${campaignId} AND enterprise_id = ${caller.userId} AND state = 'pending'`.execute(db);
    return { cancelled: Number(r.numAffectedRows ?? 0) };
  });

  bus.handle(lottery.myReservations, async (_req, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    return { items: await myReservations(deps, caller.userId) };
  });
}
