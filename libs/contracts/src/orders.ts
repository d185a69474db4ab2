import { z } from 'zod';
import { defineEvent } from './define.ts';
import { idSchema } from './common.ts';
import { evaluationRatings } from './catalog.ts';

// The orders service arrives with its issue; the catalog already shows the
// evaluations this event will carry (CAT-5, ORD-7).
export const orderEvents = {
  evaluated: defineEvent(
    'evt.orders.order.evaluated',
    z.object({
      orderId: idSchema,
      productId: idSchema,
      providerId: idSchema,
      enterpriseId: idSchema,
      enterpriseName: z.string(),
      rating: z.enum(evaluationRatings),
      text: z.string(),
      /** given by the scheduler 7 days after completion (ORD-7) */
      auto: z.boolean(),
      at: z.string(),
    }),
  ),
} as const;
