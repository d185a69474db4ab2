import { AppError, catalogEvents, type Caller, type ProductView } from '@voucher/contracts';
import { applyTransition, prepareEvent, type HandlerContext, type PendingEvent } from '@voucher/bus';
import { decideReview, type ReviewAction } from '../domain/listing-review.ts';
import { listingStore } from '../store/listings.ts';
import { productStore, toProductView, type ProductRow, type ProductStore } from '../store/products.ts';
import type { CatalogDeps } from './deps.ts';

export const productNotFound = () => new AppError('NOT_FOUND', 'product not found');

export interface TransitionRequest {
  productId: string;
  actor: Caller;
  /** the provider the product must belong to (NOT_FOUND otherwise); absent for reviewers */
  ownerId?: string;
  /**
   * the action, decided from the locked row (a submission needs to know whether the provider is certified);
   * it reads through the transaction's own store, never the pool, which a small DB_POOL_MAX would exhaust
   */
  action: (row: ProductRow, products: ProductStore) => Promise<ReviewAction> | ReviewAction;
  reason?: string;
  /** a further check on the locked row before anything changes (a submission's completeness) */
  check?: (row: ProductRow) => void;
}

/**
 * Applies one CAT-3 decision under the product's row lock: the state, the
 * public listing it publishes or removes, the audit entry, and the event
 * through the outbox, all in one transaction.
 */
export async function applyReview(
  deps: CatalogDeps,
  ctx: HandlerContext,
  req: TransitionRequest,
): Promise<ProductView> {
  const { decision } = await applyTransition(deps.db, {
    lock: async (trx) => {
      const row = await productStore(trx).find(req.productId, { lock: true });
      return row && (req.ownerId === undefined || row.provider_id === req.ownerId) ? row : undefined;
    },
    notFound: productNotFound,
    decide: async (row, trx) =>
      decideReview(row.state, row.listed_version !== null, await req.action(row, productStore(trx))),
    write: async (trx, row, decision) => {
      req.check?.(row);
      await productStore(trx).setState(row.id, decision.to, {
        submitted: decision.to === 'operator_review',
        ...(decision.to === 'rejected' && decision.stage
          ? { rejection: { stage: decision.stage, reason: req.reason! } }
          : {}),
        ...(decision.listing === 'remove' ? { delistReason: req.reason ?? null } : {}),
        ...(decision.listing === 'publish' ? { delistReason: null } : {}),
      });
      const listings = listingStore(trx);
      const productName = String((row.content as { name?: unknown } | null)?.name ?? '');
      const events: PendingEvent[] = [];
      if (decision.listing === 'publish') {
        const { first, terms } = await listings.publish(
          row.id,
          row.provider_id,
          row.provider_name ?? '',
          toProductView(row).content,
        );
        events.push(prepareEvent(first ? catalogEvents.productListed : catalogEvents.productUpdated, terms, ctx));
      } else if (decision.listing === 'remove') {
        await listings.remove(row.id);
        events.push(
          prepareEvent(
            catalogEvents.productDelisted,
            {
              productId: row.id,
              providerId: row.provider_id,
              productName,
              forced: req.ownerId === undefined,
              reason: req.reason ?? null,
              at: new Date().toISOString(),
            },
            ctx,
          ),
        );
      }
      if (decision.to !== row.state) {
        events.push(
          prepareEvent(
            catalogEvents.productReviewMoved,
            {
              productId: row.id,
              providerId: row.provider_id,
              productName,
              from: row.state,
              to: decision.to,
              // a rejection's reason (CAT-3) or a delisting's: the provider's message names it (issue 18 item 2)
              reason: decision.to === 'rejected' || decision.to === 'delisted' ? (req.reason ?? null) : null,
              at: new Date().toISOString(),
            },
            ctx,
          ),
        );
      }
      return {
        audit: {
          entity: 'product',
          entityId: row.id,
          action: decision.stage ? `${decision.stage}_review` : decision.to,
          actor: req.actor,
          fromState: row.state,
          toState: decision.to,
          ...(req.reason !== undefined ? { reason: req.reason } : {}),
        },
        events,
      };
    },
  });
  // committed: the public catalogue's kept answers are forgotten in every replica
  if (decision.listing === 'publish' || decision.listing === 'remove') await deps.listingsChanged.committed();
  const after = await productStore(deps.db).find(req.productId);
  return toProductView(after!);
}
