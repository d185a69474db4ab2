import { v7 as uuidv7 } from 'uuid';
import { AppError, lottery } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { programmeYear } from '@voucher/kit';
import { decideGrant } from '../domain/grant.ts';
import { commitGrant, findGrant, readGrantFacts } from '../store/grants.ts';
import type { LotteryDeps } from './deps.ts';
import { lockCategories } from '../store/category-locks.ts';

const constraintOf = (err: unknown) => (err as { constraint?: string }).constraint;

/**
 * A voucher granted by hand (API.md /admin/wallet/grants): a money command,
 * for administrators only (A7), decided and recorded under the category's
 * lock like every win (LOT-4). The wallet issues the voucher with its +
 * entry from the event.
 */
export function registerGrantHandlers(bus: Bus, deps: LotteryDeps): void {
  bus.handle(lottery.grantVoucher, async (req, ctx) => {
    const admin = requireRole(ctx, 'admin');
    const year = programmeYear(new Date(), deps.timeZone);
    try {
      return await deps.db.transaction().execute(async (trx) => {
        await lockCategories(trx, [req.category], 'shared');
        const facts = await readGrantFacts(trx, req, admin.userId, req.idempotencyKey, year);
        const decision = decideGrant(req, facts);
        if (decision.kind === 'refused') throw new AppError(decision.code, decision.message, decision.details);
        if (decision.kind === 'replay') return findGrant(trx, admin.userId, req.idempotencyKey);
        return commitGrant(trx, {
          ...req,
          id: uuidv7(),
          year,
          admin: { userId: admin.userId, role: admin.role },
          requestId: ctx.requestId,
        });
      });
    } catch (err) {
      // the same key at the same moment: the other request made the grant
      if (constraintOf(err) === 'grants_idempotency') return findGrant(deps.db, admin.userId, req.idempotencyKey);
      // another win of this category for this enterprise committed first (the CHECK of LOT-4)
      if (constraintOf(err) === 'annual_limit_never_exceeded') {
        throw new AppError('ANNUAL_LIMIT_REACHED', 'the enterprise has reached this category’s annual limit', {
          category: req.category,
        });
      }
      throw err;
    }
  });
}
