import { z } from 'zod';
import {
  enterpriseCertificationBody,
  freeText,
  idSchema,
  providerCertificationBody,
  qualification,
  qualificationSettingsSchema,
  reasonSchema,
  reviewQuerySchema,
  surveyAnswersSchema,
  voucherQualificationBody,
  type ApplicationKind,
} from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';

const byId = z.object({ id: idSchema });
const none = () => ({});

/** POST, GET …/mine and PUT …/{id} of one kind of application: the same three routes for each (API.md). */
function applicationRoutes<B extends z.ZodType>(opts: {
  path: string;
  kind: ApplicationKind;
  role: 'enterprise' | 'provider';
  body: B;
  rule: string;
  submit:
    | typeof qualification.submitEnterpriseCertification
    | typeof qualification.submitProviderCertification
    | typeof qualification.submitVoucherQualification;
  resubmit:
    | typeof qualification.resubmitEnterpriseCertification
    | typeof qualification.resubmitProviderCertification
    | typeof qualification.updateVoucherQualification;
}): RouteDef[] {
  return [
    route({
      method: 'POST',
      url: opts.path,
      tags: ['qualification'],
      summary: `Submit (${opts.rule}); answers { id, state }`,
      body: opts.body,
      command: opts.submit,
      payload: ({ body }) => body as never,
      status: 201,
    }),
    route({
      method: 'GET',
      url: `${opts.path}/mine`,
      tags: ['qualification'],
      summary: `My applications with their state and history (${opts.rule})`,
      command: qualification.myApplications,
      payload: () => ({ kind: opts.kind }),
    }),
    route({
      method: 'PUT',
      url: `${opts.path}/:id`,
      tags: ['qualification'],
      summary: `Edit and resubmit a rejected or withdrawn application, or update an approved one (${opts.rule})`,
      params: byId,
      body: opts.body,
      command: opts.resubmit,
      payload: ({ params, body }) => ({ ...(body as object), id: params.id }) as never,
    }),
  ];
}

/** API.md § Qualification. */
export const qualificationRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/qualification/survey',
    tags: ['qualification'],
    summary: 'The demand survey: its questions and my answers (QUA-2)',
    command: qualification.getSurvey,
    payload: none,
  }),
  route({
    method: 'PUT',
    url: '/qualification/survey/answers',
    tags: ['qualification'],
    summary: 'Answer the demand survey (QUA-2)',
    body: z.object({ answers: surveyAnswersSchema }),
    command: qualification.answerSurvey,
    payload: ({ body }) => body,
  }),
  ...applicationRoutes({
    path: '/qualification/enterprise-certifications',
    kind: 'enterprise_certification',
    role: 'enterprise',
    body: enterpriseCertificationBody,
    rule: 'QUA-1',
    submit: qualification.submitEnterpriseCertification,
    resubmit: qualification.resubmitEnterpriseCertification,
  }),
  route({
    method: 'GET',
    url: '/qualification/provider-directory',
    tags: ['qualification'],
    summary: 'Is this full name on the eligible-provider directory? (QUA-3)',
    query: qualification.lookupDirectory.request,
    command: qualification.lookupDirectory,
    payload: ({ query }) => query,
  }),
  ...applicationRoutes({
    path: '/qualification/provider-certifications',
    kind: 'provider_certification',
    role: 'provider',
    body: providerCertificationBody,
    rule: 'QUA-3',
    submit: qualification.submitProviderCertification,
    resubmit: qualification.resubmitProviderCertification,
  }),
  ...applicationRoutes({
    path: '/qualification/voucher-qualifications',
    kind: 'voucher_qualification',
    role: 'enterprise',
    body: voucherQualificationBody,
    rule: 'QUA-4',
    submit: qualification.submitVoucherQualification,
    resubmit: qualification.updateVoucherQualification,
  }),
  route({
    method: 'GET',
    url: '/qualification/reviews',
    tags: ['qualification'],
    summary: 'My review queue: pending items of my step, filtered by kind, state, dates, name, applicant (QUA-8)',
    query: reviewQuerySchema,
    command: qualification.reviewQueue,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/qualification/applications/:id',
    tags: ['qualification'],
    summary: 'One application with its history: its applicant or its reviewers',
    params: byId,
    command: qualification.getApplication,
    payload: ({ params }) => params,
  }),
  route({
    method: 'POST',
    url: '/qualification/reviews/:id/approve',
    tags: ['qualification'],
    summary: 'Approve my step of an application; a second decision answers 409',
    params: byId,
    command: qualification.approve,
    payload: ({ params }) => params,
  }),
  route({
    method: 'POST',
    url: '/qualification/reviews/:id/reject',
    tags: ['qualification'],
    summary: 'Reject an application with a reason',
    params: byId,
    body: reasonSchema,
    command: qualification.reject,
    payload: ({ params, body }) => ({ ...params, ...body }),
  }),
  route({
    method: 'POST',
    url: '/qualification/reviews/:id/revoke',
    tags: ['qualification'],
    summary: 'Revoke a certification or qualification with a reason',
    params: byId,
    body: reasonSchema,
    command: qualification.revoke,
    payload: ({ params, body }) => ({ ...params, ...body }),
  }),
  route({
    method: 'POST',
    url: '/qualification/applications/:id/withdraw',
    tags: ['qualification'],
    summary: 'Withdraw my application while it is under review',
    params: byId,
    command: qualification.withdraw,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/admin/settings/qualification',
    tags: ['admin'],
    summary: 'Programme settings of qualification: city, districts, eligibility, survey, required fields (§0b)',
    command: qualification.getSettings,
    payload: none,
  }),
  route({
    method: 'PUT',
    url: '/admin/settings/qualification',
    tags: ['admin'],
    summary: 'Change the programme settings of qualification (audited)',
    body: qualificationSettingsSchema,
    command: qualification.putSettings,
    payload: ({ body }) => body,
  }),
];

/**
 * The directory import (QUA-3), the one route that reads `text/csv`: app.ts
 * registers it in a scope of its own with the CSV parser (20 MiB), so no other
 * route, public login included, reads such a body.
 */
export const directoryImportRoutes: readonly RouteDef[] = [
  route({
    method: 'POST',
    url: '/admin/provider-directory',
    tags: ['admin'],
    summary:
      'Import the eligible-provider directory: JSON { entries } or text/csv with the header name,creditCode,region',
    body: z.union([
      z.object({ entries: z.array(z.unknown()).min(1).max(100_000) }),
      freeText({ multiline: true }).min(1),
    ]),
    command: qualification.importDirectory,
    payload: ({ body }) => (typeof body === 'string' ? { csv: body } : body),
  }),
];
