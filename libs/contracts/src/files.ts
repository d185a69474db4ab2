import { z } from 'zod';
import { defineCommand } from './define.ts';
import type { Role, StaffPermission } from './caller.ts';
import { idSchema } from './common.ts';
import type { ServiceName } from './services.ts';

/** What a file's bytes are, as judged from its content (QUA-7), never from its name. */
export const fileTypes = ['jpg', 'png', 'gif', 'bmp', 'pdf', 'zip', 'rar', '7z', 'docx', 'xlsx'] as const;
export const fileTypeSchema = z.enum(fileTypes);
export type FileType = z.infer<typeof fileTypeSchema>;

export const filePurposes = [
  'business_licence',
  'application_form',
  'commitment_letter',
  'social_insurance',
  'tax_return',
  'provider_commitment',
  'expert_photo',
  'product_image',
  'case_document',
  'payment_receipt',
  'contract',
  'settlement_material',
  'signed_form',
  'announcement_attachment',
] as const;
export const filePurposeSchema = z.enum(filePurposes);
export type FilePurpose = z.infer<typeof filePurposeSchema>;

export interface FileRule {
  maxBytes: number;
  types: readonly FileType[];
  /**
   * anyone may download it once a published record of its owner cites it (a
   * listed product's pictures, a published notice's attachments); until then
   * it is as private as any other upload
   */
  publishable: boolean;
  /** the service that attaches such files and decides who else may read them */
  owner: ServiceName;
  /**
   * Who may upload it: the roles whose own flows attach it (an administrator
   * also for a platform role's purpose, as on every route, DOMAIN §1).
   */
  uploaders: readonly Role[];
  /** the menu a provider's staff needs to upload it (ID-8) */
  menu?: StaffPermission;
}

const MB = 1024 * 1024;
const images = ['jpg', 'png'] as const;
const qua4Attachment = ['jpg', 'gif', 'png', 'rar', 'zip', '7z', 'pdf'] as const;

const enterprise = ['enterprise'] as const;
const providerSide = ['provider', 'provider_staff'] as const;

/**
 * Per purpose, the one table of uploads: the DOMAIN's allowed types and size
 * limits (QUA-1/3/4/7, ID-9, CAT-1, ORD-3, SET-2), who may upload it (the
 * role whose flow attaches it: an enterprise's certification, qualification,
 * receipts and contract; a provider's certification, products, experts and
 * redemption; an operator's notices) and which service decides who else may
 * read it.
 */
export const fileRules: Record<FilePurpose, FileRule> = {
  business_licence: {
    maxBytes: 10 * MB,
    types: images,
    publishable: false,
    owner: 'qualification',
    uploaders: ['enterprise', 'provider'],
  },
  application_form: {
    maxBytes: 10 * MB,
    types: qua4Attachment,
    publishable: false,
    owner: 'qualification',
    uploaders: enterprise,
  },
  commitment_letter: {
    maxBytes: 10 * MB,
    types: qua4Attachment,
    publishable: false,
    owner: 'qualification',
    uploaders: enterprise,
  },
  social_insurance: {
    maxBytes: 10 * MB,
    types: qua4Attachment,
    publishable: false,
    owner: 'qualification',
    uploaders: enterprise,
  },
  tax_return: {
    maxBytes: 10 * MB,
    types: qua4Attachment,
    publishable: false,
    owner: 'qualification',
    uploaders: enterprise,
  },
  provider_commitment: {
    maxBytes: 5 * MB,
    types: ['pdf', 'jpg', 'png'],
    publishable: false,
    owner: 'qualification',
    uploaders: ['provider'],
  },
  expert_photo: {
    maxBytes: 2 * MB,
    types: images,
    publishable: false,
    owner: 'identity',
    uploaders: providerSide,
    menu: 'experts',
  },
  product_image: {
    maxBytes: 2 * MB,
    types: images,
    publishable: true,
    owner: 'catalog',
    uploaders: providerSide,
    menu: 'products',
  },
  case_document: {
    maxBytes: 10 * MB,
    types: ['pdf', 'jpg', 'png', 'docx'],
    publishable: false,
    owner: 'catalog',
    uploaders: providerSide,
    menu: 'products',
  },
  payment_receipt: {
    maxBytes: 10 * MB,
    types: ['png', 'jpg', 'bmp', 'pdf'],
    publishable: false,
    owner: 'orders',
    uploaders: enterprise,
  },
  contract: {
    maxBytes: 20 * MB,
    types: ['pdf', 'jpg', 'png'],
    publishable: false,
    owner: 'orders',
    uploaders: enterprise,
  },
  settlement_material: {
    maxBytes: 10 * MB,
    types: ['zip', 'rar', 'jpg', 'png', 'pdf', 'docx'],
    publishable: false,
    owner: 'settlement',
    uploaders: providerSide,
    menu: 'settlement',
  },
  signed_form: {
    maxBytes: 10 * MB,
    types: ['pdf', 'jpg', 'png'],
    publishable: false,
    owner: 'settlement',
    uploaders: providerSide,
    menu: 'settlement',
  },
  announcement_attachment: {
    maxBytes: 20 * MB,
    types: ['pdf', 'docx', 'xlsx', 'jpg', 'png'],
    publishable: true,
    owner: 'settlement',
    uploaders: ['operator'],
  },
};

export const fileViewSchema = z.object({
  fileId: idSchema,
  ownerId: idSchema,
  purpose: filePurposeSchema,
  type: fileTypeSchema,
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  originalName: z.string(),
  createdAt: z.string(),
});
export type FileView = z.infer<typeof fileViewSchema>;

export const files = {
  /** The gateway owns upload metadata (ARCHITECTURE A8b): services check attachments with it. */
  describe: defineCommand(
    'svc.gateway.describeFiles',
    z.object({ fileIds: z.array(idSchema).min(1).max(50) }),
    z.object({ files: z.array(fileViewSchema) }),
    // every service that takes attachments asks whose a file is (QUA-7)
    { from: ['identity', 'qualification', 'lottery', 'wallet', 'catalog', 'orders', 'settlement'] },
  ),
  /**
   * The scheduler's clean-up of uploads no record cites (the gateway asks
   * each owning service `svc.<owner>.fileReferences`): how many were found
   * attached (kept for good), condemned (no longer offered for attaching),
   * deleted, and left unchecked because their owner did not answer.
   */
  cleanUnattached: defineCommand(
    'svc.gateway.cleanUnattachedFiles',
    z.object({}),
    z.object({
      attached: z.number().int(),
      condemned: z.number().int(),
      deleted: z.number().int(),
      unchecked: z.number().int(),
    }),
    { timeoutMs: 120_000, from: ['scheduler'] },
  ),
} as const;

export const fileAccessRequest = z.object({ fileId: idSchema, ownerId: idSchema, purpose: filePurposeSchema });
export const fileAccessReply = z.object({ allowed: z.boolean() });

/**
 * `svc.<owner>.fileAccess`: may the caller (in the headers), who is not the
 * file's owner, read it? Without a caller: may anyone, is it published?
 * Answered by the service that attaches such files (fileRules[purpose].owner),
 * e.g. a reviewer of the application it belongs to, or anyone for a listed
 * product's picture.
 */
export function fileAccessCommand(owner: ServiceName) {
  return defineCommand(`svc.${owner}.fileAccess`, fileAccessRequest, fileAccessReply);
}

export const fileReferencesRequest = z.object({ fileIds: z.array(idSchema).min(1).max(100) });
export const fileReferencesReply = z.object({ referenced: z.array(idSchema) });

/**
 * `svc.<owner>.fileReferences`: which of these uploads do your records cite
 * (any record: a draft, a rejected application, a withdrawn notice)? Asked by
 * the gateway's clean-up, as the scheduler; an upload nobody cites a day
 * after it was made is removed.
 */
export function fileReferencesCommand(owner: ServiceName) {
  return defineCommand(`svc.${owner}.fileReferences`, fileReferencesRequest, fileReferencesReply);
}
