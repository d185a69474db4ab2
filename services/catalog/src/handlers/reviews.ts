import { sql } from 'kysely';
import { catalog, fileAccessCommand, type ReviewStage, type Role } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { stateOfStage } from '../domain/listing-review.ts';
import { productStore, toProductView } from '../store/products.ts';
import type { CatalogDeps } from './deps.ts';
import { applyReview, productNotFound } from './review-transition.ts';

/** CAT-3: whose queue each stage is. */
const reviewerOf: Record<ReviewStage, Role> = { operator: 'operator', expert: 'expert', final: 'approver' };
const reviewers: Role[] = ['operator', 'expert', 'approver'];

export function registerReviewHandlers(bus: Bus, deps: CatalogDeps): void {
  bus.handle(catalog.reviewQueue, async ({ stage, page, pageSize }, ctx) => {
    requireRole(ctx, reviewerOf[stage]);
    const { items, total } = await productStore(deps.db).pageInState(stateOfStage[stage], page, pageSize);
    return { items, total, page, pageSize };
  });

  bus.handle(catalog.reviewedProduct, async ({ id }, ctx) => {
    requireRole(ctx, ...reviewers);
    const row = await productStore(deps.db).find(id);
    if (!row) throw productNotFound();
    return toProductView(row);
  });

  // the stage is the product's own; the role must be that stage's reviewer (decideReview)
  bus.handle(catalog.approve, async ({ id }, ctx) => {
    const caller = requireRole(ctx, ...reviewers);
    return applyReview(deps, ctx, {
      productId: id,
      actor: caller,
      action: () => ({ kind: 'approve', role: caller.role }),
    });
  });

  bus.handle(catalog.reject, async ({ id, reason }, ctx) => {
    const caller = requireRole(ctx, ...reviewers);
    return applyReview(deps, ctx, {
      productId: id,
      actor: caller,
      reason,
      action: () => ({ kind: 'reject', role: caller.role }),
    });
  });

  bus.handle(catalog.forceDelist, async ({ id, reason }, ctx) => {
    const caller = requireRole(ctx, 'approver', 'operator');
    return applyReview(deps, ctx, { productId: id, actor: caller, reason, action: () => ({ kind: 'force_delist' }) });
  });

  // A case study's document is read by the reviewers of the product that cites it (QUA-7 style access)
  bus.handle(fileAccessCommand('catalog'), async ({ fileId }, ctx) => {
    if (!ctx.caller || !(reviewers as string[]).concat('admin').includes(ctx.caller.role)) return { allowed: false };
    const cited = await sql`SELECT 1 FROM products
      WHERE content->'cases' @> ${JSON.stringify([{ documentFileId: fileId }])}::jsonb LIMIT 1`.execute(deps.db);
    return { allowed: cited.rows.length > 0 };
  });
}
