import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { freeText, historySchema, idSchema, pageOf, pageQuerySchema, paragraph, text } from './common.ts';
import { evaluationRatings } from './catalog.ts';
import { pinSchema } from './wallet.ts';

/** ORD-2 */
export const orderStates = [
  'pending_payment',
  'awaiting_provider',
  'accepted',
  'in_service',
  'delivered',
  'completed',
  'evaluated',
  'cancelled',
] as const;
export const orderStateSchema = z.enum(orderStates);
export type OrderState = z.infer<typeof orderStateSchema>;

const voucherLines = z
  .array(z.object({ voucherId: idSchema, amount: z.number().int('whole fen').positive('more than 0') }))
  .max(20);

/** ORD-1/3, WAL-4: POST /orders */
export const placeOrderBody = z
  .object({
    productId: idSchema,
    specName: text(50),
    quantity: z.number().int('a whole number').min(1, 'at least 1').max(10_000),
    message: freeText({ multiline: true }).max(500).default(''),
    agreementAccepted: z.literal(true, { message: 'the trade agreement must be accepted' }),
    vouchers: voucherLines.default([]),
    pin: pinSchema.optional(),
  })
  .refine((b) => b.vouchers.length === 0 || b.pin !== undefined, {
    path: ['pin'],
    message: 'the payment PIN is needed to pay with vouchers',
  });
export const placeOrderRequest = placeOrderBody.and(
  z.object({
    /** the client's Idempotency-Key: a retried POST answers the same order */
    idempotencyKey: freeText({ trim: false }).min(8).max(100).optional(),
  }),
);
export type PlaceOrderRequest = z.infer<typeof placeOrderRequest>;

export const orderSummarySchema = z.object({
  id: idSchema,
  orderNo: z.string(),
  state: orderStateSchema,
  enterpriseId: idSchema,
  enterpriseName: z.string().nullable(),
  providerId: idSchema,
  providerName: z.string(),
  productId: idSchema,
  productName: z.string(),
  specName: z.string(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  totalAmount: z.number().int(),
  /** what the vouchers paid (or are to pay), fen */
  voucherAmount: z.number().int(),
  /** paid offline to the provider, fen */
  cashDue: z.number().int(),
  /** `…_requested` while the wallet has not answered (the saga resolves it); `reclaimed`: lost to ORD-5 */
  paymentState: z.enum(['none', 'requested', 'paid', 'refund_requested', 'refunded', 'reclaim_requested', 'reclaimed']),
  createdAt: z.string(),
});
export type OrderSummary = z.infer<typeof orderSummarySchema>;

const scoresSchema = z.object({
  attitude: z.number().int().min(1).max(5),
  conduct: z.number().int().min(1).max(5),
  quality: z.number().int().min(1).max(5),
  price: z.number().int().min(1).max(5),
  responsiveness: z.number().int().min(1).max(5),
});
export const serviceRecordBody = z.object({
  date: z.iso.date(),
  engineer: text(50),
  description: paragraph(2000),
  remark: freeText({ multiline: true }).max(500).optional(),
});
const serviceRecordSchema = serviceRecordBody.extend({
  id: idSchema,
  evaluation: z.object({ solved: z.boolean(), scores: scoresSchema, at: z.string() }).nullable(),
  createdAt: z.string(),
});

export const orderDetailSchema = orderSummarySchema.extend({
  message: z.string(),
  vouchers: z.array(z.object({ voucherId: idSchema, amount: z.number().int() })),
  receipts: z.array(idSchema),
  contractFileId: idSchema.nullable(),
  serviceRecords: z.array(serviceRecordSchema),
  serviceRequests: z.array(z.object({ note: z.string(), at: z.string() })),
  evaluation: z
    .object({
      rating: z.enum(evaluationRatings),
      text: z.string(),
      platformStars: z.number().int(),
      platformText: z.string().nullable(),
      auto: z.boolean(),
      at: z.string(),
    })
    .nullable(),
  cancelReason: z.string().nullable(),
  history: historySchema,
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;

/** ORD-8: one enterprise that ordered from the provider */
export const customerSummarySchema = z.object({
  enterpriseId: idSchema,
  companyName: z.string().nullable(),
  district: z.string().nullable(),
  orders: z.number().int(),
  lastOrderAt: z.string(),
});
export const customerDetailSchema = customerSummarySchema.extend({
  creditCode: z.string().nullable(),
  city: z.string().nullable(),
  /** what it bought, newest first, each with its service records */
  purchases: z.array(
    orderSummarySchema.extend({ serviceRecords: z.array(serviceRecordBody.extend({ id: idSchema })) }),
  ),
});

/** DOMAIN §0b: the orders service's programme settings */
export const ordersSettingsSchema = z.object({
  /** ORD-5: days after a voucher's batch was issued within which the contract is uploaded (seed 004: 30) */
  contractDeadlineDays: z.number().int().min(1).max(365),
  /** ORD-7: days after completion before the system evaluates "good" (seed 003: 7) */
  autoEvaluationDays: z.number().int().min(1).max(90),
});
export type OrdersSettings = z.infer<typeof ordersSettingsSchema>;

const byId = z.object({ id: idSchema });

export const orders = {
  getSettings: defineCommand('svc.orders.getSettings', z.object({}), ordersSettingsSchema),
  putSettings: defineCommand('svc.orders.putSettings', ordersSettingsSchema, ordersSettingsSchema),
  place: defineCommand('svc.orders.place', placeOrderRequest, orderSummarySchema, { timeoutMs: 15_000 }),
  pay: defineCommand(
    'svc.orders.pay',
    byId.extend({ vouchers: voucherLines.min(1), pin: pinSchema }),
    orderSummarySchema,
    { timeoutMs: 15_000 },
  ),
  mine: defineCommand(
    'svc.orders.mine',
    pageQuerySchema.extend({ state: orderStateSchema.optional() }),
    pageOf(orderSummarySchema),
  ),
  get: defineCommand('svc.orders.get', byId, orderDetailSchema),
  addReceipts: defineCommand(
    'svc.orders.addReceipts',
    byId.extend({ fileIds: z.array(idSchema).min(1).max(3) }),
    orderSummarySchema,
  ),
  accept: defineCommand('svc.orders.accept', byId, orderSummarySchema),
  decline: defineCommand('svc.orders.decline', byId.extend({ reason: paragraph(500) }), orderSummarySchema, {
    timeoutMs: 15_000,
  }),
  cancel: defineCommand('svc.orders.cancel', byId, orderSummarySchema, { timeoutMs: 15_000 }),
  withdrawVouchers: defineCommand('svc.orders.withdrawVouchers', byId, orderSummarySchema, { timeoutMs: 15_000 }),
  uploadContract: defineCommand('svc.orders.uploadContract', byId.extend({ fileId: idSchema }), orderSummarySchema),
  deliver: defineCommand('svc.orders.deliver', byId, orderSummarySchema),
  complete: defineCommand(
    'svc.orders.complete',
    byId.extend({ completed: z.boolean(), note: freeText({ multiline: true }).max(500).optional() }),
    orderSummarySchema,
  ),
  evaluate: defineCommand(
    'svc.orders.evaluate',
    byId.extend({
      rating: z.enum(evaluationRatings),
      text: freeText({ multiline: true }).max(500, 'at most 500 characters'),
      platformStars: z.number().int().min(0).max(5),
      platformText: freeText({ multiline: true }).max(500).optional(),
    }),
    orderSummarySchema,
  ),
  addServiceRecord: defineCommand(
    'svc.orders.addServiceRecord',
    byId.extend(serviceRecordBody.shape),
    orderDetailSchema,
  ),
  editServiceRecord: defineCommand(
    'svc.orders.editServiceRecord',
    byId.extend({ recordId: idSchema }).extend(serviceRecordBody.shape),
    orderDetailSchema,
  ),
  requestService: defineCommand('svc.orders.requestService', byId.extend({ note: paragraph(500) }), orderDetailSchema),
  evaluateServiceRecord: defineCommand(
    'svc.orders.evaluateServiceRecord',
    byId.extend({ recordId: idSchema, solved: z.boolean(), scores: scoresSchema }),
    orderDetailSchema,
  ),
  customers: defineCommand(
    'svc.orders.customers',
    pageQuerySchema.extend({
      voucherNo: z
        .string()
        .trim()
        .regex(/^\d{1,20}$/, 'digits of a voucher number')
        .optional(),
      company: text(50).optional(),
      district: text(30).optional(),
      state: orderStateSchema.optional(),
    }),
    pageOf(customerSummarySchema),
  ),
  customer: defineCommand('svc.orders.customer', z.object({ enterpriseId: idSchema }), customerDetailSchema),
  /** ORD-5, for the scheduler: orders without their contract in time are cancelled and their vouchers reclaimed */
  cancelOverdueContracts: defineCommand(
    'svc.orders.cancelOverdueContracts',
    z.object({}),
    z.object({ cancelled: z.number().int() }),
    { timeoutMs: 120_000, from: ['scheduler'] },
  ),
  /**
   * ORD-5 and issue 18 item 2, for the scheduler: every order that will be
   * cancelled for want of its contract within 7 days, and again within 1 day,
   * gets one `evt.orders.order.contract_due` per threshold. Idempotent.
   */
  remindContractsDue: defineCommand(
    'svc.orders.remindContractsDue',
    z.object({}),
    z.object({ reminded: z.number().int() }),
    { timeoutMs: 120_000, from: ['scheduler'] },
  ),
  /** ORD-7, for the scheduler: orders completed long enough ago are evaluated "good" */
  autoEvaluateDue: defineCommand(
    'svc.orders.autoEvaluateDue',
    z.object({}),
    z.object({ evaluated: z.number().int() }),
    { timeoutMs: 120_000, from: ['scheduler'] },
  ),
} as const;

/** What every order event carries: enough for a reader that keeps no copy of the order. */
const orderFacts = z.object({
  orderId: idSchema,
  orderNo: z.string(),
  enterpriseId: idSchema,
  providerId: idSchema,
  productId: idSchema,
  /**
   * the product's name as ordered: what a message about the order names (issue 18). An event written by
   * a release before it has none, and must still parse (settlement consumes these events too): empty then.
   */
  productName: z.string().default(''),
  from: orderStateSchema.nullable(),
  to: orderStateSchema,
  by: z.object({ userId: idSchema, role: z.string() }),
  reason: z.string().nullable(),
  at: z.string(),
});

export const orderEvents = {
  /** every ORD-2 transition: `evt.orders.order.<transition>` */
  placed: defineEvent('evt.orders.order.placed', orderFacts),
  awaitingProvider: defineEvent('evt.orders.order.awaiting_provider', orderFacts),
  accepted: defineEvent('evt.orders.order.accepted', orderFacts),
  inService: defineEvent('evt.orders.order.in_service', orderFacts),
  delivered: defineEvent('evt.orders.order.delivered', orderFacts),
  cancelled: defineEvent('evt.orders.order.cancelled', orderFacts),
  /** ORD-7: with the voucher payments settlement builds its redeemable list from (SET-2) */
  completed: defineEvent(
    'evt.orders.order.completed',
    orderFacts.extend({
      enterpriseName: z.string(),
      district: z.string().nullable(),
      city: z.string().nullable(),
      providerName: z.string(),
      productName: z.string(),
      totalAmount: z.number().int(),
      /** the voucher payments of the order, each one line settlement may redeem (SET-2) */
      payments: z.array(
        z.object({ voucherId: idSchema, voucherNumber: z.string(), category: z.string(), amount: z.number().int() }),
      ),
    }),
  ),
  /**
   * ORD-5 and issue 18 item 2: an order still without its contract is
   * cancelled at `cancelAt` (and its vouchers reclaimed) unless the contract
   * is uploaded; once per order and threshold (7 days, then 1 day before).
   * `state` says who must act: `accepted` (or `pending_payment`) the
   * enterprise uploads it, `awaiting_provider` the provider must accept first.
   */
  contractDue: defineEvent(
    'evt.orders.order.contract_due',
    z.object({
      orderId: idSchema,
      orderNo: z.string(),
      enterpriseId: idSchema,
      providerId: idSchema,
      productName: z.string(),
      state: orderStateSchema,
      cancelAt: z.string(),
      daysLeft: z.union([z.literal(7), z.literal(1)]),
    }),
  ),
  /** what the catalog shows on product pages (CAT-5) */
  evaluated: defineEvent(
    'evt.orders.order.evaluated',
    z.object({
      orderId: idSchema,
      productId: idSchema,
      providerId: idSchema,
      enterpriseId: idSchema,
      enterpriseName: z.string(),
      /** the enterprise's district, for a district officer's statistics (SET-6) */
      district: z.string().nullable(),
      productName: z.string(),
      providerName: z.string(),
      rating: z.enum(evaluationRatings),
      text: z.string(),
      /** given by the scheduler 7 days after completion (ORD-7) */
      auto: z.boolean(),
      at: z.string(),
    }),
  ),
} as const;
