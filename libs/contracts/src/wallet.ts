import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { freeText, idSchema, pageOf, pageQuerySchema, passwordInputSchema, smsCodeSchema, text } from './common.ts';

export const voucherStates = ['available', 'used', 'expired', 'reclaimed'] as const;
export const voucherStateSchema = z.enum(voucherStates);

/** API.md: a voucher in GET /wallet/vouchers */
export const voucherViewSchema = z.object({
  id: idSchema,
  number: z.string(),
  category: z.string(),
  categoryName: z.string(),
  faceValue: z.number().int(),
  balance: z.number().int(),
  state: voucherStateSchema,
  redemptionMode: z.enum(['balance', 'single_use']),
  issuedAt: z.string(),
  expiresAt: z.string(),
  source: z.object({ kind: z.enum(['draw', 'grab', 'grant']), batchId: z.string().nullable() }),
});
export type VoucherView = z.infer<typeof voucherViewSchema>;

export const ledgerKinds = ['issue', 'payment', 'forfeit', 'refund', 'expiry', 'reclaim'] as const;

/** API.md: a ledger entry; amount is signed fen, + in, - out (WAL-3) */
export const ledgerEntrySchema = z.object({
  id: idSchema,
  voucherId: idSchema,
  voucherNumber: z.string(),
  category: z.string(),
  kind: z.enum(ledgerKinds),
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  orderId: z.string().nullable(),
  note: z.string(),
  at: z.string(),
  expiresAt: z.string(),
});

/** WAL-2: six digits; whether it is too easy is judged by the wallet (WEAK_PIN) */
export const pinSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');

const fenAmount = z.number().int('whole fen').positive('more than 0');

export const payRequest = z.object({
  orderId: idSchema,
  providerId: idSchema,
  /** the order's amount (fen) */
  orderAmount: fenAmount,
  quantity: z.number().int().positive(),
  /** the product's voucher terms (CAT-2) */
  acceptedCategories: z.array(text(20)).min(1).max(50),
  maxVoucherPerUnit: z.number().int().min(0),
  /** the programme's deduction ratio (WAL-4), in percent of the order amount */
  deductionRatioPercent: z.number().int().min(1).max(100).optional(),
  vouchers: z
    .array(z.object({ voucherId: idSchema, amount: fenAmount }))
    .min(1)
    .max(20),
  pin: pinSchema,
});
export type PayRequest = z.infer<typeof payRequest>;

export const paymentSchema = z.object({
  orderId: idSchema,
  /** `void`: called off by the orders saga before any deduction; a later pay of the order is refused */
  state: z.enum(['paid', 'refunded', 'void']),
  total: z.number().int(),
  lines: z.array(
    z.object({
      voucherId: idSchema,
      voucherNumber: z.string(),
      category: z.string(),
      /** when its batch's vouchers were issued to the enterprise (ORD-5 counts the contract deadline from it) */
      issuedAt: z.string(),
      amount: z.number().int(),
      forfeited: z.number().int(),
      balanceAfter: z.number().int(),
    }),
  ),
});
export type Payment = z.infer<typeof paymentSchema>;

export const integrityReportSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  vouchers: z.number().int(),
  mismatches: z.array(z.object({ voucherId: idSchema, problem: z.string() })),
  totals: z.object({
    issued: z.number().int(),
    balances: z.number().int(),
    paid: z.number().int(),
    refunded: z.number().int(),
    forfeited: z.number().int(),
    expired: z.number().int(),
    reclaimed: z.number().int(),
  }),
});

/** DOMAIN §0b: the wallet's programme settings */
export const walletSettingsSchema = z.object({
  /** the programme's city, carried by every voucher it issues (ORD-9) */
  city: text(30),
  /** ORD-9: a provider receives at most this share of a city's announced issuance */
  providerCapPercent: z.number().int().min(1).max(100),
  /** ORD-9: the announced issuance total per city, in fen; no entry, no cap */
  cityIssuanceTotals: z.record(text(30), z.number().int().positive()),
  /** WAL-4: the programme's deduction ratio in percent of the order (seed 002: 30); absent, none */
  deductionRatioPercent: z.number().int().min(1).max(100).nullable(),
});
export type WalletSettings = z.infer<typeof walletSettingsSchema>;

/** SET-6: the statistics' grouping, shared by the wallet's figures and settlement's */
export const statsGroupings = ['category', 'district', 'provider', 'month'] as const;
export const statsQuerySchema = z.object({
  groupBy: z.enum(statsGroupings),
  /** inclusive, programme-zone dates */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** a district officer's own district, set by the owner of the statistics */
  district: freeText().max(30).optional(),
});
export const voucherFiguresSchema = z.object({
  key: z.string(),
  issuedCount: z.number().int(),
  /** fen */
  issued: z.number().int(),
  used: z.number().int(),
  forfeited: z.number().int(),
  expired: z.number().int(),
  reclaimed: z.number().int(),
});

export const wallet = {
  /** SET-6: the wallet's side of the voucher statistics (settlement adds what was redeemed) */
  statistics: defineCommand(
    'svc.wallet.statistics',
    statsQuerySchema,
    z.object({ rows: z.array(voucherFiguresSchema) }),
    { timeoutMs: 60_000, from: ['settlement'] },
  ),
  getSettings: defineCommand('svc.wallet.getSettings', z.object({}), walletSettingsSchema),
  putSettings: defineCommand('svc.wallet.putSettings', walletSettingsSchema, walletSettingsSchema),
  /** WAL-6, for the scheduler: idempotent */
  expireDue: defineCommand('svc.wallet.expireDue', z.object({}), z.object({ expired: z.number().int() }), {
    timeoutMs: 120_000,
    from: ['scheduler'],
  }),
  reclaimDue: defineCommand('svc.wallet.reclaimDue', z.object({}), z.object({ reclaimed: z.number().int() }), {
    timeoutMs: 120_000,
    from: ['scheduler'],
  }),
  /**
   * Issue 18 item 2, for the scheduler: every available, visible voucher whose
   * expiry or reclaim date (WAL-6) falls within 7 days, and again within 1 day,
   * gets one `evt.wallet.voucher.expiring` per threshold. Idempotent.
   */
  remindDue: defineCommand(
    'svc.wallet.remindDue',
    z.object({}),
    z.object({ reminded: z.number().int(), expiry: z.number().int(), reclaim: z.number().int() }),
    { timeoutMs: 120_000, from: ['scheduler'] },
  ),
  /** WAL-3: the ledger's identities, per voucher and overall */
  integrity: defineCommand('svc.wallet.integrity', z.object({}), integrityReportSchema, {
    timeoutMs: 120_000,
    from: ['gateway', 'scheduler'],
  }),
  /** WAL-4: atomic and idempotent on the order id; the orders service calls it for the enterprise */
  pay: defineCommand('svc.wallet.pay', payRequest, paymentSchema, { from: ['orders'] }),
  /**
   * The orders saga's fence (system only): the payment of an order as it
   * stands, or, when none was made, a `void` one so that a pay still on its
   * way deducts nothing. Idempotent.
   */
  settlePaymentAttempt: defineCommand(
    'svc.wallet.settlePaymentAttempt',
    z.object({ orderId: idSchema, enterpriseId: idSchema, providerId: idSchema }),
    paymentSchema,
    { from: ['orders'] },
  ),
  /**
   * ORD-5, for the orders service (system only): an order without its contract
   * in time loses its vouchers. The deducted amounts come back (+ refund) and
   * the vouchers are reclaimed with all they hold (- reclaim), in one step. Idempotent.
   */
  reclaimOrder: defineCommand('svc.wallet.reclaimOrder', z.object({ orderId: idSchema }), paymentSchema, {
    from: ['orders'],
  }),
  /** WAL-5: returns an order's deducted amounts, once */
  refund: defineCommand('svc.wallet.refund', z.object({ orderId: idSchema }), paymentSchema, { from: ['orders'] }),
  /**
   * WAL-2: a first PIN needs proof that the account's owner sets it, the login
   * password or an SMS code sent for `set_pin` (an access token alone is not:
   * it may be stolen); a change needs the old PIN.
   */
  setPin: defineCommand(
    'svc.wallet.setPin',
    z.object({
      pin: pinSchema,
      oldPin: pinSchema.optional(),
      password: passwordInputSchema.optional(),
      smsCode: smsCodeSchema.optional(),
    }),
    z.object({}),
  ),
  resetPin: defineCommand('svc.wallet.resetPin', z.object({ smsCode: smsCodeSchema, newPin: pinSchema }), z.object({})),
  myVouchers: defineCommand(
    'svc.wallet.myVouchers',
    pageQuerySchema.extend({ state: voucherStateSchema.optional() }),
    pageOf(voucherViewSchema),
  ),
  myLedger: defineCommand('svc.wallet.myLedger', pageQuerySchema, pageOf(ledgerEntrySchema)),
} as const;

/** The reminder thresholds before a voucher's deadline, in days (issue 18 item 2: 7 days, and again 1 day). */
export const reminderThresholds = [7, 1] as const;

/**
 * The reminder windows, nearest first: a deadline (a voucher's, or an order's
 * contract's) more than `fromDays` and at most `threshold` days away is due
 * for that threshold's reminder. The windows do not overlap, so what is first
 * found a few hours before its deadline gets the 1-day reminder only, never a
 * stale "7 days" one beside it.
 */
export interface ReminderWindow {
  threshold: (typeof reminderThresholds)[number];
  fromDays: number;
}
export const reminderWindows: readonly ReminderWindow[] = [...reminderThresholds]
  .sort((a, b) => a - b)
  .map((threshold, i, sorted) => ({ threshold, fromDays: i === 0 ? 0 : sorted[i - 1]! }));

export const walletEvents = {
  /**
   * Issue 18 item 2: a voucher's deadline is near, once per voucher, deadline
   * and threshold. `expiry`: it expires at `endsAt` (WAL-6); `reclaim`: the
   * programme takes it back at `endsAt` unless it is used (WAL-6, GD's 30 days
   * to order). `daysLeft` is the threshold crossed (the deadline is at most
   * that many days away).
   */
  voucherExpiring: defineEvent(
    'evt.wallet.voucher.expiring',
    z.object({
      voucherId: idSchema,
      voucherNumber: z.string(),
      /** the enterprise's user id */
      enterpriseId: idSchema,
      category: z.string(),
      categoryName: z.string(),
      /** fen */
      balance: z.number().int(),
      deadline: z.enum(['expiry', 'reclaim']),
      endsAt: z.string(),
      expiresAt: z.string(),
      daysLeft: z.union([z.literal(7), z.literal(1)]),
    }),
  ),
  /**
   * Issue 18 item 3 (the enterprise's to-do `voucher_to_use`): a reminded
   * voucher (one that had a `voucher.expiring`) left `available` (used up by a
   * payment, WAL-4; expired or reclaimed, WAL-6) or came back to it (a refund,
   * WAL-5). Only reminded vouchers are told, so that the payment path writes
   * nothing more for the others. Appended in the transaction that changes the
   * voucher's state; `at` is that change's time.
   */
  voucherMoved: defineEvent(
    'evt.wallet.voucher.moved',
    z.object({
      voucherId: idSchema,
      voucherNumber: z.string(),
      /** the enterprise's user id */
      enterpriseId: idSchema,
      from: voucherStateSchema,
      to: voucherStateSchema,
      cause: z.enum(['payment', 'refund', 'expiry', 'reclaim']),
      /** the order that paid with it, or whose cancellation returned it (WAL-5) or reclaimed it (ORD-5) */
      orderId: idSchema.nullable(),
      at: z.string(),
      /**
       * Back in `available` (a refund): the deadline it was last reminded of,
       * still the one it is to be used before (WAL-5, WAL-6); null otherwise.
       */
      reminded: z
        .object({
          category: z.string(),
          categoryName: z.string(),
          /** fen, after the refund */
          balance: z.number().int(),
          deadline: z.enum(['expiry', 'reclaim']),
          endsAt: z.string(),
        })
        .nullable(),
    }),
  ),
} as const;
