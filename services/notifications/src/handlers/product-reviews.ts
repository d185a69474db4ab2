import type { RunningConsumer } from '@voucher/bus';
import { catalogEvents as ce } from '@voucher/contracts';
import { productReviews } from '../domain/product-reviews.ts';
import { messagesFrom } from './consume.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of product reviews (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-products';

/** Turns each CAT-3 review decision into the provider's message (issue 18 item 2). */
export function startProductReviewConsumers(deps: NotificationsDeps): Promise<RunningConsumer[]> {
  return Promise.all([
    messagesFrom(deps, CONSUMER, ce.productReviewMoved, productReviews.reviewMoved),
    messagesFrom(deps, CONSUMER, ce.productDelisted, productReviews.delisted),
  ]);
}
