import {
  AppError,
  catalog,
  fileAccessCommand,
  fileReferencesCommand,
  type ReviewStage,
  type Role,
} from '@voucher/contracts';
import { actingProvider, requireRole, type Bus } from '@voucher/bus';
import { stateOfStage } from '../domain/listing-review.ts';
import { attachmentStore } from '../store/attachments.ts';
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

  /**
   * QUA-7 for a product's uploads: anyone may see a picture once a listing
   * shows it (CAT-4: the published copy; not a draft's, not after delisting);
   * otherwise the provider whose product cites the file (and its staff with
   * the products menu) and the reviewers (an administrator too) may read it.
   */
  bus.handle(fileAccessCommand('catalog'), async ({ fileId, purpose }, ctx) => {
    const files = attachmentStore(deps.db);
    if (purpose === 'product_image' && (await files.listed(fileId))) return { allowed: true };
    const caller = ctx.caller;
    if (!caller) return { allowed: false };
    const citing = await files.citingProviders(fileId);
    if ([...reviewers, 'admin'].includes(caller.role)) return { allowed: citing.length > 0 };
    if (caller.role !== 'provider' && caller.role !== 'provider_staff') return { allowed: false };
    try {
      return { allowed: citing.includes(actingProvider(ctx, 'products').providerId) };
    } catch (err) {
      if (err instanceof AppError) return { allowed: false };
      throw err;
    }
  });

  // the gateway's clean-up: which uploads a product cites (a draft's and a listing's alike)
  // only the gateway's clean-up sends it (its `from`, A7): it learns which of its own uploads are cited, nothing more
  bus.handle(fileReferencesCommand('catalog'), async ({ fileIds }) => {
    return { referenced: await attachmentStore(deps.db).cited(fileIds) };
  });
}
