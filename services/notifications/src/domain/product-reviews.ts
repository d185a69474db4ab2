import { catalogEvents as ce, type DataOf } from '@voucher/contracts';
import type { Draft } from './templates.ts';

/**
 * A product's review at each stage (CAT-3; issue 18 item 2: "product review
 * results at each stage"), for its provider's main account (a provider's id is
 * its user id, QUA-9). Only the reviewers' decisions are told: a submission,
 * a withdrawal, an edit or the provider's own delisting is the provider's own
 * act.
 */
export const productReviews = {
  /** Passed to the next stage, listed, or rejected with the reviewer's reason. */
  reviewMoved: (d: DataOf<typeof ce.productReviewMoved>): Draft[] => {
    const product = { productName: d.productName };
    if (d.from === 'operator_review' && d.to === 'expert_review') {
      return [{ userId: d.providerId, template: 'product.passed_operator_review', params: product }];
    }
    if (d.from === 'expert_review' && d.to === 'final_review') {
      return [{ userId: d.providerId, template: 'product.passed_expert_review', params: product }];
    }
    if (d.from === 'final_review' && d.to === 'listed') {
      return [{ userId: d.providerId, template: 'product.listed', params: product }];
    }
    if (d.to === 'rejected') {
      // svc.catalog.reject always takes a reason: a rejection without one is a broken event
      if (!d.reason) throw new Error('a product rejected at review names no reason');
      return [{ userId: d.providerId, template: 'product.rejected', params: { ...product, reason: d.reason } }];
    }
    return [];
  },
  /**
   * Delisted by an approver (CAT-3 force-delist), with the reason; the
   * provider's own delisting is not told back to it.
   */
  delisted: (d: DataOf<typeof ce.productDelisted>): Draft[] => {
    if (!d.forced) return [];
    // svc.catalog.forceDelist always takes a reason
    if (!d.reason) throw new Error('a product force-delisted names no reason');
    return [
      {
        userId: d.providerId,
        template: 'product.force_delisted',
        // an event of an older release names no product
        params: { productName: d.productName ?? '', reason: d.reason },
      },
    ];
  },
} as const;
