import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { dueReply, freeText, historySchema, idSchema, pageOf, pageQuerySchema, paragraph, text } from './common.ts';
import { statsQuerySchema, voucherFiguresSchema } from './wallet.ts';

/** DOMAIN §0b: the settlement service's programme settings */
export const settlementSettingsSchema = z.object({
  /** SET-1: the banks a provider's account may be at; empty, any bank */
  allowedBanks: z.array(text(50)).max(50),
  /** SET-5: what one general voucher is worth, fen: the most a general-voucher claim may ask */
  generalVoucherValue: z.number().int('whole fen').positive('more than 0'),
});
export type SettlementSettings = z.infer<typeof settlementSettingsSchema>;

/** SET-1 */
export const bankAccountBody = z.object({
  bank: text(50),
  branch: text(100),
  /** must be the certified provider's name (SET-1) */
  accountName: text(100),
  number: z
    .string()
    .trim()
    .regex(/^\d{8,30}$/, 'digits only, 8 to 30 of them'),
});
export const bankAccountSchema = bankAccountBody.extend({ id: idSchema, createdAt: z.string() });
export type BankAccount = z.infer<typeof bankAccountSchema>;

/** SET-2: one voucher's deduction on one completed order */
export const redeemableLineSchema = z.object({
  id: idSchema,
  orderId: idSchema,
  orderNo: z.string(),
  voucherNumber: z.string(),
  category: z.string(),
  enterpriseName: z.string(),
  amount: z.number().int(),
  completedAt: z.string(),
});

/** SET-3 */
export const redemptionStates = ['submitted', 'assessed', 'payment_approved', 'paid', 'confirmed', 'rejected'] as const;
export const redemptionStateSchema = z.enum(redemptionStates);
export type RedemptionState = z.infer<typeof redemptionStateSchema>;

export const materialsSchema = z.object({
  contract: idSchema,
  invoice: idSchema,
  receipt: idSchema,
  priceEvidence: idSchema,
});

export const applicationBody = z.object({
  paymentIds: z.array(idSchema).min(1).max(500),
  bankAccountId: idSchema,
  materials: materialsSchema,
});

/** SET-5 (seed 002 1.4.7.2): the four directions a general voucher pays for */
export const generalDirections = ['上云用云', '数字化转型贯标', '两化融合贯标', 'DCMM'] as const;
export const generalVoucherBody = z.object({
  enterpriseName: text(100),
  orderNo: z.string().regex(/^\d{24}$/, 'a 24-digit order number'),
  direction: z.enum(generalDirections),
  /** what the provider claims, fen; at most the programme's general-voucher value (settings) */
  amount: z.number().int('whole fen').positive('more than 0'),
  bankAccountId: idSchema,
  materials: materialsSchema,
});
export const redemptionKindSchema = z.enum(['voucher', 'general']);

export const applicationSchema = z.object({
  id: idSchema,
  /** `voucher`: payment lines of completed orders (SET-2); `general`: filed by hand (SET-5) */
  kind: redemptionKindSchema,
  general: z
    .object({ enterpriseName: z.string(), orderNo: z.string(), direction: z.enum(generalDirections) })
    .nullable(),
  providerId: idSchema,
  providerName: z.string(),
  state: redemptionStateSchema,
  amount: z.number().int(),
  bankAccount: bankAccountBody,
  materials: materialsSchema,
  lines: z.array(redeemableLineSchema),
  rejectionReason: z.string().nullable(),
  transfer: z.object({ reference: z.string(), paidAt: z.string() }).nullable(),
  signedFormFileId: idSchema.nullable(),
  createdAt: z.string(),
  history: historySchema,
});
export type Application = z.infer<typeof applicationSchema>;
export const applicationSummarySchema = applicationSchema.omit({ lines: true, history: true });

const byId = z.object({ id: idSchema });

export const settlement = {
  getSettings: defineCommand('svc.settlement.getSettings', z.object({}), settlementSettingsSchema),
  putSettings: defineCommand('svc.settlement.putSettings', settlementSettingsSchema, settlementSettingsSchema),
  listBankAccounts: defineCommand(
    'svc.settlement.listBankAccounts',
    z.object({}),
    z.object({ items: z.array(bankAccountSchema) }),
  ),
  addBankAccount: defineCommand('svc.settlement.addBankAccount', bankAccountBody, bankAccountSchema),
  updateBankAccount: defineCommand(
    'svc.settlement.updateBankAccount',
    byId.extend(bankAccountBody.partial().shape),
    bankAccountSchema,
  ),
  removeBankAccount: defineCommand('svc.settlement.removeBankAccount', byId, z.object({})),
  redeemable: defineCommand('svc.settlement.redeemable', pageQuerySchema, pageOf(redeemableLineSchema)),
  apply: defineCommand('svc.settlement.apply', applicationBody, applicationSchema),
  applyGeneral: defineCommand('svc.settlement.applyGeneral', generalVoucherBody, applicationSchema),
  myApplications: defineCommand(
    'svc.settlement.myApplications',
    pageQuerySchema.extend({ state: redemptionStateSchema.optional(), kind: redemptionKindSchema.optional() }),
    pageOf(applicationSummarySchema),
  ),
  getApplication: defineCommand('svc.settlement.getApplication', byId, applicationSchema),
  reviewQueue: defineCommand(
    'svc.settlement.reviewQueue',
    pageQuerySchema.extend({ state: redemptionStateSchema.optional(), kind: redemptionKindSchema.optional() }),
    pageOf(applicationSummarySchema),
  ),
  assess: defineCommand('svc.settlement.assess', byId, applicationSchema),
  approvePayment: defineCommand('svc.settlement.approvePayment', byId, applicationSchema),
  reject: defineCommand('svc.settlement.reject', byId.extend({ reason: paragraph(500) }), applicationSchema),
  pay: defineCommand(
    'svc.settlement.pay',
    byId.extend({ reference: text(100), paidAt: z.iso.date() }),
    applicationSchema,
  ),
  confirm: defineCommand('svc.settlement.confirm', byId, applicationSchema),
  /** SET-4: a form generated from the data, stored for the gateway to stream */
  exportForm: defineCommand(
    'svc.settlement.exportForm',
    byId.extend({ kind: z.enum(['redemption', 'usage']), format: z.enum(['pdf', 'xlsx']) }),
    z.object({ storageKey: z.string(), size: z.number().int(), filename: z.string(), contentType: z.string() }),
    { timeoutMs: 30_000 },
  ),
  /** SET-4: the signed scan of the form, uploaded back (purpose signed_form) */
  attachSignedForm: defineCommand(
    'svc.settlement.attachSignedForm',
    byId.extend({ fileId: idSchema }),
    applicationSchema,
  ),
} as const;

/** Programme notices (公告) that operators publish and everyone reads. */
export const announcementBody = z.object({
  title: text(100),
  body: paragraph(20_000),
  attachmentFileIds: z.array(idSchema).max(10).default([]),
  /** not shown before this time; now when absent */
  publishAt: z.iso.datetime({ offset: true }).optional(),
});
export const announcementSchema = z.object({
  id: idSchema,
  title: z.string(),
  body: z.string(),
  attachmentFileIds: z.array(idSchema),
  publishAt: z.string(),
  withdrawn: z.boolean(),
  createdAt: z.string(),
});

export const announcements = {
  publish: defineCommand('svc.settlement.publishAnnouncement', announcementBody, announcementSchema),
  update: defineCommand(
    'svc.settlement.updateAnnouncement',
    announcementBody.extend({ id: idSchema }),
    announcementSchema,
  ),
  withdraw: defineCommand('svc.settlement.withdrawAnnouncement', byId, announcementSchema),
  /** the published ones, newest first: public */
  list: defineCommand(
    'svc.settlement.announcements',
    pageQuerySchema.extend({ q: freeText().max(50).optional() }),
    pageOf(announcementSchema.omit({ withdrawn: true })),
  ),
  get: defineCommand('svc.settlement.announcement', byId, announcementSchema.omit({ withdrawn: true })),
  /** every one, scheduled and withdrawn included: operators */
  manage: defineCommand('svc.settlement.manageAnnouncements', pageQuerySchema, pageOf(announcementSchema)),
  /**
   * Issue 18 item 2, for the scheduler: announces (`announcementEvents.published`)
   * every announcement whose publication time has come and that was not
   * announced yet, nor withdrawn. `done`: the announcements announced.
   */
  announceDue: defineCommand('svc.settlement.announceDueAnnouncements', z.object({}), dueReply, {
    from: ['scheduler'],
  }),
} as const;

/**
 * Issue 18 item 2: an announcement readable by everyone from now on, once per
 * announcement: appended in the transaction that publishes it when its
 * `publishAt` is absent or past, else in the one that marks it announced when
 * that time comes (`announceDue`, the scheduler's job); one withdrawn before
 * then is never announced. Notifications tells the users who opted in.
 */
export const announcementEvents = {
  published: defineEvent(
    'evt.settlement.announcement.published',
    z.object({ announcementId: idSchema, title: z.string(), publishAt: z.string(), at: z.string() }),
  ),
} as const;

/** SET-6 */
export const voucherStatsRowSchema = voucherFiguresSchema.extend({
  /** the provider's name for a provider key; the key itself otherwise */
  label: z.string(),
  /** fen paid out on redemption applications (paid or confirmed) */
  redeemed: z.number().int(),
});
export const evaluationStatsQuerySchema = z.object({ groupBy: z.enum(['provider', 'product']) });
export const evaluationStatsRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number().int(),
  good: z.number().int(),
  neutral: z.number().int(),
  bad: z.number().int(),
  /** good / total, in percent with one decimal */
  goodRate: z.number(),
});
const fileRef = z.object({
  storageKey: z.string(),
  size: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
});

export const statistics = {
  vouchers: defineCommand(
    'svc.settlement.voucherStats',
    statsQuerySchema.omit({ district: true }),
    z.object({ rows: z.array(voucherStatsRowSchema) }),
    { timeoutMs: 60_000 },
  ),
  evaluations: defineCommand(
    'svc.settlement.evaluationStats',
    evaluationStatsQuerySchema,
    z.object({ rows: z.array(evaluationStatsRowSchema) }),
  ),
  /** the same figures as a CSV or XLSX file, stored for the gateway to stream */
  export: defineCommand(
    'svc.settlement.exportStats',
    z.discriminatedUnion('kind', [
      statsQuerySchema
        .omit({ district: true })
        .extend({ kind: z.literal('vouchers'), format: z.enum(['csv', 'xlsx']) }),
      evaluationStatsQuerySchema.extend({ kind: z.literal('evaluations'), format: z.enum(['csv', 'xlsx']) }),
    ]),
    fileRef,
    { timeoutMs: 60_000 },
  ),
} as const;

const applicationFacts = z.object({
  applicationId: idSchema,
  /**
   * payment lines (SET-2) or a general voucher filed by hand (SET-5, whose first review is an
   * operator's): the reviewers' to-dos need it. An event of an older release has none: `voucher`.
   */
  kind: z.enum(['voucher', 'general']).default('voucher'),
  providerId: idSchema,
  amount: z.number().int(),
  from: redemptionStateSchema.nullable(),
  to: redemptionStateSchema,
  by: z.object({ userId: idSchema, role: z.string() }),
  reason: z.string().nullable(),
  /**
   * the offline transfer recorded by `paid` (SET-3), for the provider's message (issue 18 item 2);
   * null or absent at the other steps (absent in an event of an older release)
   */
  transfer: z.object({ reference: z.string(), paidOn: z.string() }).nullable().optional(),
  at: z.string(),
});

/** SET-3: every decision of the review chain, `evt.settlement.application.<state>` */
export const settlementEvents = {
  submitted: defineEvent('evt.settlement.application.submitted', applicationFacts),
  assessed: defineEvent('evt.settlement.application.assessed', applicationFacts),
  paymentApproved: defineEvent('evt.settlement.application.payment_approved', applicationFacts),
  paid: defineEvent('evt.settlement.application.paid', applicationFacts),
  confirmed: defineEvent('evt.settlement.application.confirmed', applicationFacts),
  rejected: defineEvent('evt.settlement.application.rejected', applicationFacts),
} as const;
