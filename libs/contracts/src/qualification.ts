import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { emailSchema } from './identity.ts';
import { freeText, idSchema, mobileSchema, pageOf, pageQuerySchema, paragraph, text } from './common.ts';

/** QUA-1: the honours an enterprise may claim. */
export const enterpriseHonours = ['专精特新', '小巨人', '高新技术企业', '瞪羚', '独角兽', '单项冠军'] as const;
/** QUA-3: what a provider may serve. */
export const serviceScopes = [
  '诊断咨询',
  '软件应用产品',
  '数字化应用产品',
  '网络平台建设',
  '数据管理贯标',
  '培训与品牌推广',
  '数字化转型贯标',
  '上云用云',
] as const;
export const companySizeSchema = z.enum(['micro', 'small', 'medium', 'large']);

/** 18 characters of the GB 32100-2015 alphabet; the check character is judged by the service. */
export const creditCodeSchema = z
  .string()
  .length(18, 'must be 18 characters')
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'digits and capital letters except I, O, S, V, Z');

const fen = z.number().int('whole fen').min(0);
const dateSchema = z.iso.date('a date like 2017-11-25');

// --- QUA-1 enterprise certification ---
export const enterpriseCertificationBody = z.object({
  companyName: text(100),
  creditCode: creditCodeSchema,
  legalRepresentative: text(30),
  contactName: text(30),
  contactPhone: mobileSchema,
  email: emailSchema,
  district: text(30),
  registeredAddress: text(200),
  businessAddress: text(200),
  size: companySizeSchema,
  foundedOn: dateSchema,
  industry: text(50),
  employees: z.number().int().min(0).max(10_000_000),
  lastYearRevenue: fen,
  lastYearOutput: fen.optional(),
  lastYearProfit: z.number().int().optional(),
  lastYearTax: fen,
  rdSpend: fen.optional(),
  totalAssets: fen.optional(),
  qualifications: z.array(z.enum(enterpriseHonours)).max(6).default([]),
  licenceFileId: idSchema,
});
export type EnterpriseCertificationBody = z.infer<typeof enterpriseCertificationBody>;

// --- QUA-3 provider certification ---
export const providerCertificationBody = z.object({
  companyName: text(100),
  creditCode: creditCodeSchema,
  contactName: text(30),
  contactPhone: mobileSchema,
  licenceFileId: idSchema,
  serviceScopes: z.array(z.enum(serviceScopes)).min(1).max(8),
  coreProducts: paragraph(500),
  industries: z.array(text(30)).min(1).max(20),
  industrialCustomers: z.number().int().min(0),
  revenues: z.record(z.string().regex(/^\d{4}$/, 'a year'), fen),
  region: z.object({ scope: z.enum(['province', 'city']), city: text(30).optional() }),
  commitmentFileId: idSchema,
});
export type ProviderCertificationBody = z.infer<typeof providerCertificationBody>;

// --- QUA-4 voucher qualification ---
export const voucherQualificationBody = z.object({
  year: z.number().int().min(2000).max(2100),
  district: text(30),
  lastYearTax: fen,
  mainBusiness: paragraph(200),
  employees: z.number().int().min(0).max(10_000_000),
  lastYearRevenue: fen,
  industry: text(50),
  rdSpend: fen,
  totalAssets: fen,
  enterpriseType: text(30),
  qualifications: z.array(z.enum(enterpriseHonours)).max(6).default([]),
  socialSecurityHeadcount: z.number().int().min(0).optional(),
  attachments: z.object({
    applicationForm: idSchema,
    licenceCopy: idSchema,
    commitmentLetter: idSchema,
    socialInsurance: idSchema.optional(),
    taxReturn: idSchema.optional(),
  }),
});
export type VoucherQualificationBody = z.infer<typeof voucherQualificationBody>;

// --- applications, reviews, queues ---
export const applicationKinds = [
  'enterprise_certification',
  'provider_certification',
  'voucher_qualification',
] as const;
export const applicationKindSchema = z.enum(applicationKinds);
export type ApplicationKind = z.infer<typeof applicationKindSchema>;
export const applicationStates = [
  'submitted',
  'operator_approved',
  'certified',
  'approved',
  'rejected',
  'withdrawn',
  'revoked',
  'superseded',
] as const;
export const applicationStateSchema = z.enum(applicationStates);
export type ApplicationState = z.infer<typeof applicationStateSchema>;

export const historyEntrySchema = z.object({
  action: z.string(),
  fromState: applicationStateSchema.nullable(),
  toState: applicationStateSchema,
  actorId: z.string(),
  actorRole: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const applicationViewSchema = z.object({
  id: idSchema,
  kind: applicationKindSchema,
  state: applicationStateSchema,
  applicantId: idSchema,
  applicantName: z.string().nullable(),
  companyName: z.string(),
  creditCode: z.string().nullable(),
  district: z.string().nullable(),
  year: z.number().int().nullable(),
  data: z.record(z.string(), z.unknown()),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  history: z.array(historyEntrySchema),
});
export type ApplicationView = z.infer<typeof applicationViewSchema>;

export const submittedReply = z.object({ id: idSchema, state: applicationStateSchema });

export const reviewQuerySchema = pageQuerySchema.extend({
  kind: applicationKindSchema.optional(),
  state: applicationStateSchema.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: freeText().max(100).optional(),
  applicant: freeText().max(64).optional(),
});

export const reasonSchema = z.object({ reason: paragraph(500) });

// --- survey (QUA-2) and settings (§0b) ---
export const surveyQuestionSchema = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/),
  text: text(200),
  type: z.enum(['text', 'single', 'multi']),
  options: z.array(text(50)).max(50).default([]),
  required: z.boolean().default(true),
});
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;
export const surveyAnswersSchema = z.record(
  freeText().max(40),
  z.union([freeText({ multiline: true }).max(500), z.array(freeText().max(50)).max(50)]),
);

export const qualificationSettingsSchema = z.object({
  city: text(30),
  districts: z.array(text(30)).min(1).max(100),
  eligibility: z.object({
    /** QUA-5: sizes the programme serves */
    sizes: z.array(companySizeSchema).min(1),
    /** QUA-5: the enterprise's district must be one of the programme city's */
    districtInCity: z.boolean(),
  }),
  surveyQuestions: z.array(surveyQuestionSchema).min(1).max(50),
  /** QUA-4: fields of a voucher qualification that must be filled before reserving */
  voucherRequiredFields: z.array(text(40)).max(40),
});
export type QualificationSettings = z.infer<typeof qualificationSettingsSchema>;

export const directoryEntrySchema = z.object({
  name: text(100),
  creditCode: creditCodeSchema.optional(),
  region: freeText().max(30).optional(),
});

const statusReply = z.object({
  enterpriseId: idSchema,
  year: z.number().int(),
  certified: z.boolean(),
  qualified: z.boolean(),
  /** QUA-4: every field the programme currently requires is filled */
  complete: z.boolean(),
  missingFields: z.array(z.string()),
  companyName: z.string().nullable(),
  district: z.string().nullable(),
  size: companySizeSchema.nullable(),
});

const byId = z.object({ id: idSchema });

export const qualification = {
  getSurvey: defineCommand(
    'svc.qualification.getSurvey',
    z.object({}),
    z.object({
      questions: z.array(surveyQuestionSchema),
      answers: surveyAnswersSchema.nullable(),
      answeredAt: z.string().nullable(),
    }),
  ),
  answerSurvey: defineCommand(
    'svc.qualification.answerSurvey',
    z.object({ answers: surveyAnswersSchema }),
    z.object({ answeredAt: z.string() }),
  ),
  submitEnterpriseCertification: defineCommand(
    'svc.qualification.submitEnterpriseCertification',
    enterpriseCertificationBody,
    submittedReply,
  ),
  resubmitEnterpriseCertification: defineCommand(
    'svc.qualification.resubmitEnterpriseCertification',
    enterpriseCertificationBody.extend({ id: idSchema }),
    submittedReply,
  ),
  submitProviderCertification: defineCommand(
    'svc.qualification.submitProviderCertification',
    providerCertificationBody,
    submittedReply,
  ),
  resubmitProviderCertification: defineCommand(
    'svc.qualification.resubmitProviderCertification',
    providerCertificationBody.extend({ id: idSchema }),
    submittedReply,
  ),
  submitVoucherQualification: defineCommand(
    'svc.qualification.submitVoucherQualification',
    voucherQualificationBody,
    submittedReply,
  ),
  updateVoucherQualification: defineCommand(
    'svc.qualification.updateVoucherQualification',
    voucherQualificationBody.extend({ id: idSchema }),
    submittedReply,
  ),
  myApplications: defineCommand(
    'svc.qualification.myApplications',
    z.object({ kind: applicationKindSchema }),
    z.object({ items: z.array(applicationViewSchema) }),
  ),
  withdraw: defineCommand('svc.qualification.withdraw', byId, submittedReply),
  reviewQueue: defineCommand('svc.qualification.reviewQueue', reviewQuerySchema, pageOf(applicationViewSchema)),
  getApplication: defineCommand('svc.qualification.getApplication', byId, applicationViewSchema),
  approve: defineCommand('svc.qualification.approve', byId, submittedReply),
  reject: defineCommand('svc.qualification.reject', byId.extend(reasonSchema.shape), submittedReply),
  revoke: defineCommand('svc.qualification.revoke', byId.extend(reasonSchema.shape), submittedReply),
  lookupDirectory: defineCommand(
    'svc.qualification.lookupDirectory',
    z.object({ name: text(100) }),
    z.object({ name: z.string(), inDirectory: z.boolean(), region: z.string().nullable() }),
  ),
  importDirectory: defineCommand(
    'svc.qualification.importDirectory',
    z.union([
      z.object({ entries: z.array(z.unknown()).min(1).max(100_000) }),
      z.object({ csv: freeText({ multiline: true }).min(1).max(20_000_000) }),
    ]),
    z.object({
      imported: z.number().int(),
      skipped: z.number().int(),
      problems: z.array(z.object({ row: z.number().int(), message: z.string() })),
    }),
  ),
  getSettings: defineCommand('svc.qualification.getSettings', z.object({}), qualificationSettingsSchema),
  putSettings: defineCommand('svc.qualification.putSettings', qualificationSettingsSchema, qualificationSettingsSchema),
  status: defineCommand(
    'svc.qualification.status',
    z.object({ enterpriseId: idSchema, year: z.number().int() }),
    statusReply,
  ),
} as const;

// --- events (QUA-9): what other services keep in their projections ---
const enterpriseFacts = z.object({
  enterpriseId: idSchema,
  companyName: z.string(),
  creditCode: z.string(),
  district: z.string(),
  city: z.string(),
  size: companySizeSchema,
  applicationId: idSchema,
  at: z.string(),
});
const providerFacts = z.object({
  providerId: idSchema,
  companyName: z.string(),
  creditCode: z.string(),
  region: z.object({ scope: z.enum(['province', 'city']), city: z.string().optional() }),
  serviceScopes: z.array(z.string()),
  applicationId: idSchema,
  at: z.string(),
});
const voucherFacts = z.object({
  enterpriseId: idSchema,
  year: z.number().int(),
  companyName: z.string(),
  creditCode: z.string(),
  district: z.string(),
  city: z.string(),
  size: companySizeSchema,
  complete: z.boolean(),
  applicationId: idSchema,
  at: z.string(),
});
const refusal = z.object({
  applicantId: idSchema,
  applicationId: idSchema,
  kind: applicationKindSchema,
  /** the programme year, for voucher qualifications */
  year: z.number().int().nullable().default(null),
  reason: z.string(),
  by: idSchema,
  at: z.string(),
});

/**
 * Every step of an application's life (submitted, resubmitted, operator_approved,
 * decided, withdrawn, superseded, revoked): what a reviewer's queue is made of
 * (QUA-8; the to-dos of issue 18 item 3). It names no person but the applicant,
 * and carries the district a district officer's queue is scoped by.
 */
const applicationStep = z.object({
  applicationId: idSchema,
  kind: applicationKindSchema,
  applicantId: idSchema,
  companyName: z.string(),
  district: z.string().nullable(),
  year: z.number().int().nullable(),
  from: applicationStateSchema.nullable(),
  to: applicationStateSchema,
  at: z.string(),
});

export const qualificationEvents = {
  applicationMoved: defineEvent('evt.qualification.application.moved', applicationStep),
  enterpriseCertified: defineEvent('evt.qualification.enterprise.certified', enterpriseFacts),
  enterpriseUpdated: defineEvent('evt.qualification.enterprise.updated', enterpriseFacts),
  enterpriseRejected: defineEvent('evt.qualification.enterprise.rejected', refusal),
  enterpriseRevoked: defineEvent('evt.qualification.enterprise.revoked', refusal),
  providerCertified: defineEvent('evt.qualification.provider.certified', providerFacts),
  providerUpdated: defineEvent('evt.qualification.provider.updated', providerFacts),
  providerRejected: defineEvent('evt.qualification.provider.rejected', refusal),
  providerRevoked: defineEvent('evt.qualification.provider.revoked', refusal),
  voucherQualificationApproved: defineEvent('evt.qualification.voucher-qualification.approved', voucherFacts),
  voucherQualificationUpdated: defineEvent('evt.qualification.voucher-qualification.updated', voucherFacts),
  voucherQualificationRejected: defineEvent('evt.qualification.voucher-qualification.rejected', refusal),
  voucherQualificationRevoked: defineEvent('evt.qualification.voucher-qualification.revoked', refusal),
} as const;
