import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { freeText, idSchema, mobileSchema, pageOf, pageQuerySchema, paragraph, queryFlag, text } from './common.ts';
import { emailSchema } from './identity.ts';

const fen = z.number().int('whole fen').min(0, 'not negative');
const voucherCategoryCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'a voucher category code');

/** CAT-1: what a provider may list (seed 002 1.4.4 "发布类型"). */
export const productCategories = [
  '解决方案与产品',
  '诊断服务',
  '体系认证',
  '审计服务',
  '咨询服务',
  '培训服务',
] as const;
export const productCategorySchema = z.enum(productCategories);

/** CAT-1 specs: 按数量 / 按年 / 按月, and 简单模式 (a price) or 免费. */
export const purchaseModes = ['per_quantity', 'per_year', 'per_month'] as const;
export const specSchema = z
  .object({
    name: text(50),
    purchaseMode: z.enum(purchaseModes),
    pricing: z.enum(['simple', 'free']),
    /** fen; required for `simple`, 0 or absent for `free` */
    price: fen.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.pricing === 'simple' && !s.price) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'a priced spec needs a price above 0 fen' });
    }
    if (s.pricing === 'free' && s.price) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'a free spec has no price' });
    }
  });
export type Spec = z.infer<typeof specSchema>;

/** CAT-1: one of exactly three case studies (seed 002 表1-2: amounts in fen here, not 万元). */
export const caseStudySchema = z.object({
  customer: text(100),
  customerAnnualOutput: fen,
  saleAmount: fen,
  deliveryMonths: z.number().int().min(1).max(120),
  contactName: text(50).optional(),
  contactTitle: text(50).optional(),
  contactPhone: text(50).optional(),
  documentFileId: idSchema,
});

/** CAT-2: which vouchers the product takes, how much per unit, how often a year per enterprise. */
export const voucherTermsSchema = z.object({
  acceptedCategories: z.array(voucherCategoryCode).min(1).max(10),
  maxVoucherPerUnit: fen.positive('above 0 fen'),
  annualLimitPerEnterprise: z.number().int().min(1).max(100),
});
export type VoucherTerms = z.infer<typeof voucherTermsSchema>;

const contactSchema = z
  .object({ name: text(50), mobile: mobileSchema.optional(), email: emailSchema.optional() })
  .refine((c) => c.mobile !== undefined || c.email !== undefined, {
    path: ['mobile'],
    message: 'give a mobile number, an email, or both',
  });

/**
 * A product as a provider writes it (CAT-1, CAT-2). A draft may leave any
 * field out but its name; what is there must be valid. Submission then asks
 * for everything (`missingForSubmission` in the catalog service).
 */
export const productContentSchema = z
  .object({
    name: text(100),
    relatedProductName: text(100).optional(),
    category: productCategorySchema.optional(),
    tags: z.array(text(20)).max(10).optional(),
    thumbnailFileId: idSchema.optional(),
    solutionTypes: z.array(text(30)).max(5, 'at most 5 solution types').optional(),
    industries: z.array(text(30)).max(3, 'at most 3 industries').optional(),
    historicalPrice: z
      .object({ min: fen, max: fen })
      .refine((p) => p.min <= p.max, { path: ['max'], message: 'not below the lowest price' })
      .optional(),
    deliveryDays: z.number().int().min(1).max(3650).optional(),
    deliveryPersonDays: z.number().int().min(1).max(100_000).optional(),
    cases: z.array(caseStudySchema).max(3, 'exactly 3 case studies').optional(),
    contact: contactSchema.optional(),
    detail: z
      .object({
        highlights: z.array(text(200)).max(10).default([]),
        description: paragraph(5000),
        screenshotFileIds: z.array(idSchema).max(10).default([]),
      })
      .optional(),
    support: paragraph(2000).optional(),
    region: text(50).optional(),
    specs: z.array(specSchema).min(1).max(20).optional(),
    voucherTerms: voucherTermsSchema.optional(),
  })
  .superRefine((p, ctx) => {
    // CAT-2: a voucher can never pay more per unit than the dearest spec costs
    const dearest = Math.max(0, ...(p.specs ?? []).map((s) => s.price ?? 0));
    if (p.voucherTerms && p.specs && p.voucherTerms.maxVoucherPerUnit > dearest) {
      ctx.addIssue({
        code: 'custom',
        path: ['voucherTerms', 'maxVoucherPerUnit'],
        message: `at most the highest spec price (${dearest} fen)`,
      });
    }
    const names = (p.specs ?? []).map((s) => s.name);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: 'custom', path: ['specs'], message: 'spec names must differ' });
    }
  });
export type ProductContent = z.infer<typeof productContentSchema>;

/** CAT-3 */
export const productStates = [
  'draft',
  'operator_review',
  'expert_review',
  'final_review',
  'rejected',
  'withdrawn',
  'listed',
  'delisted',
] as const;
export const productStateSchema = z.enum(productStates);
export type ProductState = z.infer<typeof productStateSchema>;
export const reviewStages = ['operator', 'expert', 'final'] as const;
export const reviewStageSchema = z.enum(reviewStages);
export type ReviewStage = z.infer<typeof reviewStageSchema>;

export const productViewSchema = z.object({
  id: idSchema,
  providerId: idSchema,
  providerName: z.string().nullable(),
  state: productStateSchema,
  /** a version is listed (and visible in search) while this one is edited or reviewed */
  listed: z.boolean(),
  listedVersion: z.number().int().nullable(),
  content: productContentSchema,
  rejection: z.object({ stage: reviewStageSchema, reason: z.string(), at: z.string() }).nullable(),
  delistReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductView = z.infer<typeof productViewSchema>;

/** What orders and the wallet need of a listed product (CAT-1/2), carried by the catalog's events. */
export const listedTermsSchema = z.object({
  productId: idSchema,
  version: z.number().int(),
  providerId: idSchema,
  providerName: z.string(),
  name: z.string(),
  category: productCategorySchema,
  region: z.string(),
  specs: z.array(specSchema),
  voucherTerms: voucherTermsSchema.nullable(),
  listedAt: z.string(),
});
export type ListedTerms = z.infer<typeof listedTermsSchema>;

export const listingSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  category: productCategorySchema,
  providerId: idSchema,
  providerName: z.string(),
  region: z.string(),
  thumbnailFileId: z.string().nullable(),
  tags: z.array(z.string()),
  /** the cheapest and the dearest spec, fen */
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  voucherTerms: voucherTermsSchema.nullable(),
  listedAt: z.string(),
});
export type ListingSummary = z.infer<typeof listingSummarySchema>;

export const evaluationRatings = ['good', 'neutral', 'bad'] as const;
const evaluationViewSchema = z.object({
  orderId: idSchema,
  productId: idSchema,
  productName: z.string().nullable(),
  /** masked (API.md) */
  enterpriseName: z.string(),
  rating: z.enum(evaluationRatings),
  text: z.string(),
  auto: z.boolean(),
  at: z.string(),
});
const evaluationSummarySchema = z.object({
  total: z.number().int(),
  good: z.number().int(),
  neutral: z.number().int(),
  bad: z.number().int(),
  recent: z.array(evaluationViewSchema),
});

export const productDetailSchema = listingSummarySchema.extend({
  version: z.number().int(),
  content: productContentSchema,
  provider: z.object({ id: idSchema, name: z.string(), region: z.string().nullable() }),
  evaluations: evaluationSummarySchema,
  /** listed products of the same category (CAT-4) */
  recommendations: z.array(listingSummarySchema),
});

export const productSearchSchema = pageQuerySchema.extend({
  q: freeText().max(50).optional(),
  category: productCategorySchema.optional(),
  voucherCategory: voucherCategoryCode.optional(),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  region: text(50).optional(),
  providerId: idSchema.optional(),
  voucherOnly: queryFlag.optional(),
  sort: z.enum(['newest', 'price_asc', 'price_desc']).default('newest'),
});
export type ProductSearch = z.infer<typeof productSearchSchema>;

/** The most matches a search counts for its total (CAT-4): a broad search says "1,000 or more". */
export const SEARCH_TOTAL_SHOWN = 1_000;

export const productSearchPageSchema = pageOf(listingSummarySchema).extend({
  /**
   * false when more than `total` listings match: the count stops at SEARCH_TOTAL_SHOWN, so a broad search
   * costs a bounded read rather than a pass over every match, and its later pages can still be read
   */
  totalExact: z.boolean(),
});

export const providerSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  region: z.string().nullable(),
  serviceScopes: z.array(z.string()),
  listedProducts: z.number().int(),
});

const byId = z.object({ id: idSchema });
const reasonBody = z.object({ reason: paragraph(500) });

export const catalog = {
  createProduct: defineCommand('svc.catalog.createProduct', productContentSchema, productViewSchema),
  updateProduct: defineCommand(
    'svc.catalog.updateProduct',
    z.object({ id: idSchema, content: productContentSchema }),
    productViewSchema,
  ),
  submitProduct: defineCommand('svc.catalog.submitProduct', byId, productViewSchema),
  withdrawProduct: defineCommand('svc.catalog.withdrawProduct', byId, productViewSchema),
  delistProduct: defineCommand('svc.catalog.delistProduct', byId, productViewSchema),
  forceDelist: defineCommand('svc.catalog.forceDelist', byId.extend(reasonBody.shape), productViewSchema),
  myProducts: defineCommand(
    'svc.catalog.myProducts',
    pageQuerySchema.extend({ state: productStateSchema.optional() }),
    pageOf(productViewSchema).extend({ counts: z.record(productStateSchema, z.number().int()) }),
  ),
  myProduct: defineCommand('svc.catalog.myProduct', byId, productViewSchema),
  myEvaluations: defineCommand('svc.catalog.myEvaluations', pageQuerySchema, pageOf(evaluationViewSchema)),
  reviewQueue: defineCommand(
    'svc.catalog.reviewQueue',
    pageQuerySchema.extend({ stage: reviewStageSchema }),
    pageOf(productViewSchema),
  ),
  reviewedProduct: defineCommand('svc.catalog.reviewedProduct', byId, productViewSchema),
  approve: defineCommand('svc.catalog.approve', byId, productViewSchema),
  reject: defineCommand('svc.catalog.reject', byId.extend(reasonBody.shape), productViewSchema),
  search: defineCommand('svc.catalog.search', productSearchSchema, productSearchPageSchema),
  productDetail: defineCommand('svc.catalog.productDetail', byId, productDetailSchema),
  providers: defineCommand(
    'svc.catalog.providers',
    pageQuerySchema.extend({ q: freeText().max(50).optional(), region: freeText().max(50).optional() }),
    pageOf(providerSummarySchema),
  ),
  provider: defineCommand(
    'svc.catalog.provider',
    byId.extend(pageQuerySchema.shape),
    providerSummarySchema.extend({ products: pageOf(listingSummarySchema) }),
  ),
  /** the current listed terms of a product, for orders (ORD-1); NOT_FOUND when it is not listed */
  product: defineCommand('svc.catalog.product', z.object({ productId: idSchema }), listedTermsSchema, {
    from: ['orders'],
  }),
} as const;

export const catalogEvents = {
  /**
   * every change of a product's state (CAT-3): what the reviewers' queues of the to-dos are made of
   * (issue 18 item 3); the listing itself is told by the events below
   */
  productReviewMoved: defineEvent(
    'evt.catalog.product.review_moved',
    z.object({
      productId: idSchema,
      providerId: idSchema,
      productName: z.string(),
      from: productStateSchema,
      to: productStateSchema,
      /**
       * the reviewer's reason of a rejection (CAT-3), or a delisting's, for the provider's message
       * (issue 18 item 2); null or absent otherwise (absent in an event of an older release)
       */
      reason: z.string().nullable().optional(),
      at: z.string(),
    }),
  ),
  productListed: defineEvent('evt.catalog.product.listed', listedTermsSchema),
  /** an approved edit replaced the listed version */
  productUpdated: defineEvent('evt.catalog.product.updated', listedTermsSchema),
  productDelisted: defineEvent(
    'evt.catalog.product.delisted',
    z.object({
      productId: idSchema,
      providerId: idSchema,
      /** the product's name, for the provider's message of a forced delisting (issue 18 item 2); absent in an older event */
      productName: z.string().optional(),
      forced: z.boolean(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
} as const;
