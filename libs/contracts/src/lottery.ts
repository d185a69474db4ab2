import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { dueReply, freeText, idSchema, text } from './common.ts';

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'upper-case letters, digits and _, 2-20 characters');
const instant = z.iso.datetime({ offset: true, message: 'an ISO-8601 time with its offset' });

// --- LOT-1 categories ---
export const categoryBody = z
  .object({
    code,
    name: text(50),
    faceValue: z.number().int('whole fen').positive(),
    validityDays: z.number().int().min(1).max(3660).optional(),
    validUntil: z.iso.date().optional(),
    redemptionMode: z.enum(['single_use', 'balance']),
    annualLimit: z.number().int().min(1).max(100),
  })
  .refine((c) => (c.validityDays === undefined) !== (c.validUntil === undefined), {
    path: ['validityDays'],
    message: 'give either validityDays or validUntil',
  });
export const categoryViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  faceValue: z.number().int(),
  validityDays: z.number().int().nullable(),
  validUntil: z.string().nullable(),
  redemptionMode: z.enum(['single_use', 'balance']),
  annualLimit: z.number().int(),
});
export type CategoryView = z.infer<typeof categoryViewSchema>;

// --- LOT-2 campaigns ---
export const campaignStates = ['scheduled', 'open', 'closed', 'finished'] as const;
export const campaignStateSchema = z.enum(campaignStates);
export const quotasSchema = z.record(code, z.number().int().positive('a positive number of winners'));

export const campaignBody = z.object({
  name: text(100),
  mode: z.enum(['lottery', 'first_come']),
  opensAt: instant,
  closesAt: instant,
  categories: z.array(code).min(1).max(50),
  batches: z
    .array(z.object({ drawAt: instant, publishAt: instant, quotas: quotasSchema }))
    .max(20)
    .optional(),
  stock: quotasSchema.optional(),
});
export type CampaignBody = z.infer<typeof campaignBody>;

export const batchViewSchema = z.object({
  id: idSchema,
  seq: z.number().int(),
  drawAt: z.string(),
  publishAt: z.string(),
  quotas: z.record(z.string(), z.number().int()),
  commitment: z.string(),
  state: z.enum(['scheduled', 'drawn', 'published']),
  beacon: z.string().nullable(),
});

export const reservableSchema = z.object({
  category: z.string(),
  reservable: z.boolean(),
  /** the error code that says why not (API.md) */
  reason: z.string().nullable(),
  reserved: z.boolean(),
});

export const campaignViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  mode: z.enum(['lottery', 'first_come']),
  state: campaignStateSchema,
  year: z.number().int(),
  opensAt: z.string(),
  closesAt: z.string(),
  categories: z.array(z.string()),
  batches: z.array(batchViewSchema),
  stock: z.record(z.string(), z.number().int()).nullable(),
  /** for an enterprise caller: per category, whether it may reserve and why not */
  reservable: z.array(reservableSchema).optional(),
});
export type CampaignView = z.infer<typeof campaignViewSchema>;

export const reservationResultSchema = z.object({
  batchId: idSchema,
  result: z.enum(['won', 'lost', 'pending']),
});
export const reservationViewSchema = z.object({
  id: idSchema,
  campaignId: idSchema,
  campaignName: z.string(),
  category: z.string(),
  state: z.enum(['pending', 'won', 'not_drawn', 'cancelled']),
  results: z.array(reservationResultSchema),
  createdAt: z.string(),
});
export type ReservationView = z.infer<typeof reservationViewSchema>;

// --- LOT-6 publication (API.md) ---
/** a published value as it stands: hashed byte for byte, so never trimmed */
const exactly = () => freeText({ trim: false });

/**
 * The publication document as `/lottery/verify` and the CLI accept it: ids are
 * reservation ids (UUIDs), codes are category codes, every string bounded. The
 * shapes bound the work a document can ask for: each id costs at least its 39
 * bytes of JSON, so the verifier's work grows with the bytes sent.
 */
export const publicationSchema = z.object({
  batchId: idSchema,
  campaignId: idSchema,
  commitment: exactly().max(64),
  seed: exactly().max(64),
  beacon: exactly().max(200),
  eligibleHash: exactly().max(64),
  finalSeed: exactly().max(64),
  categories: z
    .array(
      z.object({
        code,
        quota: z.number().int().min(0),
        eligible: z.array(idSchema),
        // a masked name (maskCompanyName): at most six characters and `**`
        winners: z.array(z.object({ reservationId: idSchema, company: exactly().max(16) })),
      }),
    )
    .max(50),
});

/**
 * The largest real publication, in bytes: that of the largest batch the
 * platform is built to draw (ARCHITECTURE A10: 1,000,000 eligible
 * reservations, 100,000 winners), in a campaign of the most categories
 * (campaignBody: 50), every string at its longest:
 * - an eligible id `"<36-character UUID>",` is 39 bytes;
 * - a winner `{"reservationId":"<UUID>","company":"<masked>"},` is 18 + 36 +
 *   13 + 3 bytes and a masked name of at most 8 characters, each at most 4
 *   bytes of UTF-8 (or a 6-byte JSON escape): 70 + 48 = 118 bytes;
 * - a category's own keys, code and quota: under 128 bytes;
 * - the header (two ids, four hashes, a beacon of 200 characters at 6 bytes): under 2 KiB.
 * 1,000,000 × 39 + 100,000 × 118 + 50 × 128 + 2,048 = 50,808,448 bytes, so
 * `/lottery/verify` takes at most 49 MiB (51,380,224 bytes).
 */
export const PUBLICATION_MAX_BYTES = 49 * 1024 * 1024;

export type Publication = z.infer<typeof publicationSchema>;

const byId = z.object({ id: idSchema });

/**
 * The steps of a batch's long work (issue 19), in order: a draw fixes its
 * eligible set, ranks it, records the wins and announces them (LOT-5, LOT-6,
 * LOT-8); a publication builds LOT-6's document and tells each enterprise its
 * result (LOT-7).
 */
export const batchWorkPhases = {
  draw: ['eligible', 'ranking', 'recording', 'announcing'],
  publish: ['document', 'results'],
} as const;
export type BatchWork = keyof typeof batchWorkPhases;
export type BatchWorkPhase = (typeof batchWorkPhases)[BatchWork][number];

/** Where a batch's draw or publication stands, for the approver watching it (issue 19). */
export const batchProgressSchema = z.object({
  batchId: idSchema,
  /** null: neither has run within the last hour */
  work: z.enum(['draw', 'publish']).nullable(),
  phase: z.enum(['eligible', 'ranking', 'recording', 'announcing', 'document', 'results', 'done']).nullable(),
  /** of the whole work, by the measured share of each phase */
  percent: z.number().int().min(0).max(100),
  startedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type BatchProgress = z.infer<typeof batchProgressSchema>;
/** a draw of a million reservations takes seconds (ARCHITECTURE A10): callers wait for it */
const LONG_WORK_MS = 120_000;

// --- a voucher granted by hand (API.md /admin/wallet/grants; LOT-4, WAL-3) ---
export const grantRequest = z.object({
  enterpriseId: idSchema,
  category: code,
  /** why the programme grants it: kept in the audit trail and the voucher's + entry */
  reason: freeText({ multiline: true }).min(2, 'say why the voucher is granted').max(500),
  /** the client's Idempotency-Key: a retried POST answers the same grant */
  idempotencyKey: freeText({ trim: false }).min(8, 'send an Idempotency-Key header of 8 to 100 characters').max(100),
});
export const grantViewSchema = z.object({
  id: idSchema,
  /** the voucher the wallet issues for it carries the grant's id */
  voucherId: idSchema,
  enterpriseId: idSchema,
  category: z.string(),
  year: z.number().int(),
  reason: z.string(),
  grantedBy: idSchema,
  grantedAt: z.string(),
});
export type GrantView = z.infer<typeof grantViewSchema>;

export const lottery = {
  createCategory: defineCommand('svc.lottery.createCategory', categoryBody, categoryViewSchema),
  updateCategory: defineCommand(
    'svc.lottery.updateCategory',
    z.object({
      code,
      name: text(50).optional(),
      annualLimit: z.number().int().min(1).max(100).optional(),
    }),
    categoryViewSchema,
  ),
  listCategories: defineCommand(
    'svc.lottery.listCategories',
    z.object({}),
    z.object({ items: z.array(categoryViewSchema) }),
  ),
  createCampaign: defineCommand('svc.lottery.createCampaign', campaignBody, campaignViewSchema),
  listCampaigns: defineCommand(
    'svc.lottery.listCampaigns',
    z.object({ state: campaignStateSchema.optional() }),
    z.object({ items: z.array(campaignViewSchema) }),
  ),
  getCampaign: defineCommand('svc.lottery.getCampaign', byId, campaignViewSchema),
  reserve: defineCommand(
    'svc.lottery.reserve',
    z.object({ campaignId: idSchema, categories: z.array(code).max(50) }),
    z.object({ items: z.array(reservationViewSchema) }),
  ),
  cancelReservations: defineCommand(
    'svc.lottery.cancelReservations',
    z.object({ campaignId: idSchema }),
    z.object({ cancelled: z.number().int() }),
  ),
  myReservations: defineCommand(
    'svc.lottery.myReservations',
    z.object({}),
    z.object({ items: z.array(reservationViewSchema) }),
  ),
  setBeacon: defineCommand(
    'svc.lottery.setBeacon',
    z.object({ id: idSchema, value: text(200), source: text(200) }),
    batchViewSchema,
  ),
  drawBatch: defineCommand(
    'svc.lottery.drawBatch',
    byId,
    z.object({ id: idSchema, state: z.literal('drawn'), winners: z.number().int() }),
    { timeoutMs: LONG_WORK_MS },
  ),
  batchProgress: defineCommand('svc.lottery.batchProgress', byId, batchProgressSchema),
  publishBatch: defineCommand(
    'svc.lottery.publishBatch',
    byId,
    z.object({ id: idSchema, state: z.literal('published') }),
    { timeoutMs: LONG_WORK_MS },
  ),
  commitment: defineCommand(
    'svc.lottery.commitment',
    byId,
    z.object({
      batchId: idSchema,
      campaignId: idSchema,
      commitment: z.string(),
      drawAt: z.string(),
      publishAt: z.string(),
    }),
  ),
  /** where the stored publication document is (too big for one NATS message, A4) */
  publicationRef: defineCommand(
    'svc.lottery.publicationRef',
    byId,
    z.object({ storageKey: z.string(), size: z.number().int() }),
  ),
  /** LOT-9: one claim of one category of an open first-come campaign */
  claim: defineCommand(
    'svc.lottery.claim',
    z.object({ campaignId: idSchema, category: code }),
    z.object({ reservationId: idSchema, category: z.string(), state: z.literal('won') }),
  ),
  stock: defineCommand(
    'svc.lottery.stock',
    byId,
    z.object({
      items: z.array(z.object({ category: z.string(), total: z.number().int(), remaining: z.number().int() })),
    }),
  ),
  /** LOT-10: per category, how the batch went */
  report: defineCommand(
    'svc.lottery.report',
    byId,
    z.object({
      batchId: idSchema,
      campaignId: idSchema,
      state: z.enum(['scheduled', 'drawn', 'published']),
      categories: z.array(
        z.object({
          category: z.string(),
          quota: z.number().int(),
          reservations: z.number().int(),
          eligible: z.number().int(),
          winners: z.number().int(),
          /** winners / quota, 0..1 */
          fill: z.number(),
        }),
      ),
    }),
  ),
  /** LOT-10 export: every entry of the batch as CSV, written to storage for the gateway to stream */
  reportExport: defineCommand(
    'svc.lottery.reportExport',
    byId,
    z.object({ storageKey: z.string(), size: z.number().int() }),
    {
      timeoutMs: LONG_WORK_MS,
    },
  ),
  /** the scheduler's jobs (DOMAIN §9): draw and publish every batch whose time has come */
  /** a voucher granted by hand: a win of the category under its lock and annual limit (LOT-4), for admins */
  grantVoucher: defineCommand('svc.lottery.grantVoucher', grantRequest, grantViewSchema),
  drawDue: defineCommand('svc.lottery.drawDue', z.object({}), dueReply, {
    timeoutMs: LONG_WORK_MS,
    from: ['scheduler'],
  }),
  publishDue: defineCommand('svc.lottery.publishDue', z.object({}), dueReply, {
    timeoutMs: LONG_WORK_MS,
    from: ['scheduler'],
  }),
  /**
   * LOT-2/LOT-3 and issue 18 item 2, for the scheduler: every campaign whose
   * reservation window has opened (and not closed) and was not announced yet
   * is announced once, `evt.lottery.campaign.opened`, to the enterprises
   * qualified for its year. `done`: the campaigns announced.
   */
  announceOpenedDue: defineCommand('svc.lottery.announceOpenedDue', z.object({}), dueReply, {
    timeoutMs: LONG_WORK_MS,
    from: ['scheduler'],
  }),
} as const;

// --- events ---
/** LOT-7: the most enterprises one `evt.lottery.results.published` names (about 200 KB of ids) */
export const RESULT_CHUNK_SIZE = 5000;

export const lotteryEvents = {
  categoryCreated: defineEvent('evt.lottery.category.created', categoryViewSchema),
  categoryUpdated: defineEvent('evt.lottery.category.updated', categoryViewSchema),
  batchDrawn: defineEvent(
    'evt.lottery.batch.drawn',
    z.object({
      batchId: idSchema,
      campaignId: idSchema,
      winners: z.number().int(),
      drawnAt: z.string(),
      publishAt: z.string(),
    }),
  ),
  batchPublished: defineEvent(
    'evt.lottery.batch.published',
    z.object({ batchId: idSchema, campaignId: idSchema, publishedAt: z.string() }),
  ),
  /**
   * LOT-7: a batch's results at its publication, for the people concerned
   * (issue 18): the enterprises of one category with one outcome, in chunks
   * of at most 5,000 (a draw of a million reservations is 200 events). Never
   * written before the publication: it is appended in publication's transaction.
   * `won`: drawn in this batch; `not_won`: eligible, not drawn, and still in
   * the draw of the campaign's later batches; `not_drawn`: the last batch is
   * published and the reservation was never drawn (LOT-5).
   */
  resultsPublished: defineEvent(
    'evt.lottery.results.published',
    z.object({
      batchId: idSchema,
      campaignId: idSchema,
      campaignName: z.string(),
      batchSeq: z.number().int(),
      category: z.string(),
      categoryName: z.string(),
      outcome: z.enum(['won', 'not_won', 'not_drawn']),
      chunk: z.number().int(),
      /** an enterprise's id is its user id (QUA-9); one reservation per enterprise and category (LOT-3) */
      enterpriseIds: z.array(idSchema).max(RESULT_CHUNK_SIZE),
      publishedAt: z.string(),
    }),
  ),
  /**
   * LOT-2/LOT-3, issue 18 item 2 (Jinan's pop-up): a campaign's reservation
   * window has opened, for the enterprises qualified for its year (an
   * approved voucher qualification with complete data, QUA-4), in chunks of
   * at most 5,000 ids; appended once per campaign, in the transaction that
   * marks it announced.
   */
  campaignOpened: defineEvent(
    'evt.lottery.campaign.opened',
    z.object({
      campaignId: idSchema,
      campaignName: z.string(),
      year: z.number().int(),
      opensAt: z.string(),
      closesAt: z.string(),
      chunk: z.number().int(),
      /** an enterprise's id is its user id (QUA-9) */
      enterpriseIds: z.array(idSchema).max(RESULT_CHUNK_SIZE),
    }),
  ),
  /**
   * LOT-8: the wins of one category of one batch, in chunks of at most 1,000,
   * so the wallet creates one voucher per win (hidden until the batch's
   * publication) without a million events.
   */
  winsRecorded: defineEvent(
    'evt.lottery.wins.recorded',
    z.object({
      batchId: idSchema.nullable(),
      /** null for a grant: no campaign */
      campaignId: idSchema.nullable(),
      category: z.string(),
      source: z.enum(['draw', 'grab', 'grant']),
      /** null for a grab or a grant: visible at once */
      visibleFrom: z.string().nullable(),
      chunk: z.number().int(),
      /** a grant's reason, for the voucher's + entry */
      reason: z.string().max(500).optional(),
      wins: z
        .array(z.object({ winId: idSchema, enterpriseId: idSchema, reservationId: idSchema.nullable() }))
        .max(1000),
    }),
  ),
} as const;
