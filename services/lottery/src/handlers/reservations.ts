import {
  AppError,
  lottery,
  validationFailed,
  type CampaignView,
  type Caller,
  type ReservationView,
} from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { campaignState } from '../domain/campaign-rules.ts';
import { reservationRecord } from '../domain/reservation-record.ts';
import { REASON_TEXT, whyNotReservable } from '../domain/reservable.ts';
import { forAMoment } from '../store/moment-cache.ts';
import { readStandings, reservationIntake } from '../store/reservation-intake.ts';
import { reservationStore } from '../store/reservations.ts';
import { campaignViews, categories, reserveTerms } from '../store/views.ts';
import type { LotteryDeps } from './deps.ts';

/** LOT-3/4 for the campaign listing: per category, may this enterprise reserve it, and if not why. */
export async function withReservability(
  deps: LotteryDeps,
  views: Omit<CampaignView, 'reservable'>[],
  caller: Caller | undefined,
): Promise<CampaignView[]> {
  if (caller?.role !== 'enterprise') return views;
  const limits = new Map((await categories(deps.db)).map((c) => [c.code, c.annual_limit]));
  const standings = await readStandings(
    deps.db,
    views.map((v) => ({ enterpriseId: caller.userId, campaignId: v.id, year: v.year })),
  );
  return views.map((v, i) => {
    const s = standings[i]!;
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
  });
}

async function myReservations(deps: LotteryDeps, enterpriseId: string): Promise<ReservationView[]> {
  const { rows, batches } = await reservationStore(deps.db).ofEnterprise(enterpriseId);
  return rows.map((r) => reservationRecord(r, r.campaign_name, batches));
}

export function registerReservationHandlers(bus: Bus, deps: LotteryDeps): void {
  const { db } = deps;
  // reservations arrive by the thousand a second while a window is open; the terms stay put meanwhile
  const terms = forAMoment((campaignId) => reserveTerms(db, campaignId));
  const intake = reservationIntake(db);

  // LOT-3: the enterprise's choice for a campaign is exactly the set it sends; it can change it while the window is open
  bus.handle(lottery.reserve, async ({ campaignId, categories: wanted }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    const duplicate = wanted.findIndex((c, i) => wanted.indexOf(c) !== i);
    if (duplicate >= 0) throw validationFailed([{ path: `categories.${duplicate}`, message: 'listed twice' }]);
    const campaign = await terms(campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', 'campaign not found');
    const state = campaignState(
      { opensAt: campaign.opens_at, closesAt: campaign.closes_at, finishedAt: campaign.finished_at },
      new Date(),
    );
    if (campaign.mode !== 'lottery')
      throw new AppError('INVALID_STATE', 'a first-come campaign is claimed, not reserved', { state });
    if (state !== 'open') throw new AppError('WINDOW_CLOSED', REASON_TEXT.WINDOW_CLOSED, { state });
    const unknown = wanted.map((c, i) => ({ c, i })).filter(({ c }) => !(c in campaign.limits));
    if (unknown.length > 0) {
      throw validationFailed(
        unknown.map(({ c, i }) => ({ path: `categories.${i}`, message: `${c} is not offered by this campaign` })),
      );
    }
    const rows = await intake.submit({
      campaignId,
      enterpriseId: caller.userId,
      year: campaign.year,
      wanted,
      limits: campaign.limits,
    });
    deps.metrics.reservations.inc(wanted.length);
    return { items: rows.map((r) => reservationRecord(r, campaign.name, campaign.batches)) };
  });

  bus.handle(lottery.cancelReservations, async ({ campaignId }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    const [campaign] = await campaignViews(db, [campaignId]);
    if (!campaign) throw new AppError('NOT_FOUND', 'campaign not found');
    if (campaign.state !== 'open')
      throw new AppError('WINDOW_CLOSED', REASON_TEXT.WINDOW_CLOSED, { state: campaign.state });
    return { cancelled: await reservationStore(db).cancelPending(campaignId, caller.userId) };
  });

  bus.handle(lottery.myReservations, async (_req, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    return { items: await myReservations(deps, caller.userId) };
  });
}
