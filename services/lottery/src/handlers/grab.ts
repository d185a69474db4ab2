import { AppError, lottery } from '@voucher/contracts';
import { type Bus, requireRole } from '@voucher/bus';
import { campaignState } from '../domain/campaign-rules.ts';
import { REASON_TEXT } from '../domain/reservable.ts';
import { claimRefused, grabClaims, readFirstComeTerms, readStockLeft, rebuildStock } from '../store/grab-claims.ts';
import { forAMoment } from '../store/moment-cache.ts';
import type { LotteryDeps } from './deps.ts';

export function registerGrabHandlers(bus: Bus, deps: LotteryDeps): void {
  const stock = deps.grabStock;
  // a first-come campaign's terms do not change while it runs; the durable write re-reads the limit under the lock
  const terms = forAMoment((key) => {
    const [campaignId, code] = key.split(':') as [string, string];
    return readFirstComeTerms(deps.db, campaignId, code);
  });
  const claims = grabClaims(deps.db);

  // LOT-9: the campaign's terms from memory, one Redis script (the stock left and the enterprise's earlier
  // claim: most claims of a hot category are refused here, after it sold out), then the grouped durable write
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
    if (state !== 'open') throw new AppError('WINDOW_CLOSED', REASON_TEXT.WINDOW_CLOSED, { category });

    let admission = await stock.admit(campaignId, category, caller.userId);
    if (admission === 'not_loaded') {
      await rebuildStock(deps.db, stock, campaignId, category);
      admission = await stock.admit(campaignId, category, caller.userId);
    }
    if (admission === 'sold_out') throw claimRefused('SOLD_OUT', category);
    if (admission === 'already') throw claimRefused('ALREADY_RESERVED', category);
    try {
      return await claims.recordClaim({
        campaignId,
        category,
        enterpriseId: caller.userId,
        year: row.year,
        annualLimit: row.annual_limit,
        requestId: ctx.requestId,
      });
    } catch (err) {
      // compensation: the claim was refused or its write failed, so its admission is given back
      await stock.release(campaignId, category, caller.userId);
      throw err;
    }
  });

  bus.handle(lottery.stock, async ({ id }) => {
    const items = await readStockLeft(deps.db, id);
    if (items.length === 0) throw new AppError('NOT_FOUND', 'campaign not found');
    return { items };
  });
}
