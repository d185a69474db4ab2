import { v7 as uuidv7 } from 'uuid';
import {
  catalog,
  isRefusal,
  refusalError,
  validationFailed,
  type Caller,
  type ProductContent,
} from '@voucher/contracts';
import { actingProvider, assertAttachments, type Bus, type HandlerContext } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { decideReview } from '../domain/listing-review.ts';
import { productCountsByState } from '../domain/products-by-state.ts';
import { attachmentsOf, missingForSubmission } from '../domain/submission.ts';
import { evaluationStore } from '../store/evaluations.ts';
import { productStore, toProductView } from '../store/products.ts';
import { voucherCategoryStore } from '../store/voucher-categories.ts';
import type { CatalogDeps } from './deps.ts';
import { applyReview, productNotFound } from './review-transition.ts';

/**
 * What a draft may only refer to (CAT-1, CAT-2): uploads of this provider (or
 * the staff member saving it) for the right purpose, and voucher categories
 * the programme has. Checked on every save, so a submission finds them valid.
 */
async function assertReferences(
  deps: CatalogDeps,
  ctx: HandlerContext,
  providerId: string,
  caller: Caller,
  content: ProductContent,
): Promise<void> {
  const codes = content.voucherTerms?.acceptedCategories ?? [];
  const unknown = await voucherCategoryStore(deps.db).unknown(codes);
  if (unknown.length > 0) {
    throw validationFailed(
      unknown.map((code) => ({
        path: `voucherTerms.acceptedCategories.${codes.indexOf(code)}`,
        message: `no voucher category ${code}`,
      })),
    );
  }
  await assertAttachments(
    deps.bus,
    ctx,
    [providerId, caller.userId],
    attachmentsOf(content).map((a) => ({ field: a.field, fileId: a.fileId, purposes: [a.purpose] })),
  );
}

export function registerProductHandlers(bus: Bus, deps: CatalogDeps): void {
  // CAT-1/2: a draft, saved as far as it goes
  bus.handle(catalog.createProduct, async (content, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'products');
    await assertReferences(deps, ctx, providerId, caller, content);
    const id = uuidv7();
    await deps.db.transaction().execute(async (trx) => {
      await productStore(trx).insert(id, providerId, content);
      await recordAudit(trx, { entity: 'product', entityId: id, action: 'create', actor: caller, toState: 'draft' });
    });
    return toProductView((await productStore(deps.db).find(id))!);
  });

  // CAT-3: an edit of a listed product is a new draft; the listed version stays until the edit is approved
  bus.handle(catalog.updateProduct, async ({ id, content }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'products');
    // someone else's product is not there at all, whatever the edit holds
    const existing = await productStore(deps.db).find(id);
    if (!existing || existing.provider_id !== providerId) throw productNotFound();
    await assertReferences(deps, ctx, providerId, caller, content);
    await deps.db.transaction().execute(async (trx) => {
      const products = productStore(trx);
      const row = await products.find(id, { lock: true });
      if (!row || row.provider_id !== providerId) throw productNotFound();
      const decision = decideReview(row.state, row.listed_version !== null, { kind: 'edit' });
      if (isRefusal(decision)) throw refusalError(decision);
      await products.saveContent(id, content, decision.to);
      await recordAudit(trx, {
        entity: 'product',
        entityId: id,
        action: 'edit',
        actor: caller,
        fromState: row.state,
        toState: decision.to,
      });
    });
    return toProductView((await productStore(deps.db).find(id))!);
  });

  bus.handle(catalog.submitProduct, async ({ id }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'products');
    return applyReview(deps, ctx, {
      productId: id,
      actor: caller,
      ownerId: providerId,
      action: async (row, products) => ({
        kind: 'submit',
        providerCertified: await products.providerCertified(row.provider_id),
      }),
      check: (row) => {
        const missing = missingForSubmission(toProductView(row).content);
        if (missing.length > 0) throw validationFailed(missing);
      },
    });
  });

  bus.handle(catalog.withdrawProduct, async ({ id }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'products');
    return applyReview(deps, ctx, {
      productId: id,
      actor: caller,
      ownerId: providerId,
      action: () => ({ kind: 'withdraw' }),
    });
  });

  bus.handle(catalog.delistProduct, async ({ id }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'products');
    return applyReview(deps, ctx, {
      productId: id,
      actor: caller,
      ownerId: providerId,
      action: () => ({ kind: 'delist' }),
    });
  });

  // CAT-5
  bus.handle(catalog.myProducts, async ({ state, page, pageSize }, ctx) => {
    const { providerId } = actingProvider(ctx, 'products');
    const { items, counted } = await productStore(deps.db).pageOfProvider(providerId, state, page, pageSize);
    const { counts, total } = productCountsByState(counted, state);
    return { items, total, page, pageSize, counts };
  });

  bus.handle(catalog.myProduct, async ({ id }, ctx) => {
    const { providerId } = actingProvider(ctx, 'products');
    const row = await productStore(deps.db).find(id);
    if (!row || row.provider_id !== providerId) throw productNotFound();
    return toProductView(row);
  });

  bus.handle(catalog.myEvaluations, async ({ page, pageSize }, ctx) => {
    const { providerId } = actingProvider(ctx, 'products');
    return { ...(await evaluationStore(deps.db).pageOfProvider(providerId, page, pageSize)), page, pageSize };
  });
}
