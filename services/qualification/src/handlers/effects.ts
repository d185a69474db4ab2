import type { Kysely } from 'kysely';
import { appendEvent } from '@voucher/bus';
import {
  AppError,
  qualificationEvents as ev,
  type ApplicationKind,
  type Caller,
  type QualificationSettings,
} from '@voucher/contracts';
import { missingRequiredFields } from '../domain/changes.ts';
import { findCompany, upsertCompany } from '../store/companies.ts';
import { upsertVoucherQualification } from '../store/voucher-qualifications.ts';
import type { ApplicationRow } from '../store/applications.ts';
import type { QualificationDb } from '../store/schema.ts';
import { uniqueViolation } from './guards.ts';

type Trx = Kysely<QualificationDb>;
const now = () => new Date().toISOString();

/**
 * What a decided application does to the company data (QUA-9), each grant
 * beside the revocation that undoes it, all inside the decision's transaction
 * with its event in the outbox.
 */
export async function grant(
  trx: Trx,
  app: ApplicationRow,
  settings: QualificationSettings,
  meta: { requestId: string },
): Promise<void> {
  if (app.kind === 'voucher_qualification') {
    const company = await findCompany(trx, app.applicant_id);
    if (!company || company.state !== 'certified') {
      throw new AppError('NOT_QUALIFIED', 'the enterprise is no longer certified', { rules: ['certification'] });
    }
    const existing = await trx
      .selectFrom('voucher_qualifications')
      .select('state')
      .where('enterprise_id', '=', app.applicant_id)
      .where('year', '=', app.year!)
      .executeTakeFirst();
    await upsertVoucherQualification(trx, {
      enterpriseId: app.applicant_id,
      year: app.year!,
      data: app.data,
      applicationId: app.id,
    });
    const event = existing?.state === 'approved' ? ev.voucherQualificationUpdated : ev.voucherQualificationApproved;
    await appendEvent(
      trx,
      event,
      {
        enterpriseId: app.applicant_id,
        year: app.year!,
        companyName: company.company_name,
        creditCode: company.credit_code,
        district: String(app.data.district ?? company.district),
        city: settings.city,
        size: company.size as 'micro',
        complete: missingRequiredFields(settings.voucherRequiredFields, app.data).length === 0,
        applicationId: app.id,
        at: now(),
      },
      meta,
    );
    return;
  }
  const companyKind = app.kind === 'enterprise_certification' ? 'enterprise' : 'provider';
  const before = await findCompany(trx, app.applicant_id);
  let company;
  try {
    company = await upsertCompany(trx, {
      companyId: app.applicant_id,
      kind: companyKind,
      companyName: app.company_name,
      creditCode: app.credit_code!,
      district: app.district,
      size: typeof app.data.size === 'string' ? app.data.size : null,
      data: app.data,
      applicationId: app.id,
    });
  } catch (err) {
    if (uniqueViolation(err) === 'companies_credit_code') {
      throw new AppError('CREDIT_CODE_TAKEN', 'another account is already certified with this credit code');
    }
    throw err;
  }
  const wasCertified = before?.state === 'certified';
  if (companyKind === 'enterprise') {
    await appendEvent(
      trx,
      wasCertified ? ev.enterpriseUpdated : ev.enterpriseCertified,
      {
        enterpriseId: company.company_id,
        companyName: company.company_name,
        creditCode: company.credit_code,
        district: company.district ?? '',
        city: settings.city,
        size: company.size as 'micro',
        applicationId: app.id,
        at: now(),
      },
      meta,
    );
  } else {
    const data = app.data as { region: { scope: 'province' | 'city'; city?: string }; serviceScopes: string[] };
    await appendEvent(
      trx,
      wasCertified ? ev.providerUpdated : ev.providerCertified,
      {
        providerId: company.company_id,
        companyName: company.company_name,
        creditCode: company.credit_code,
        region: data.region,
        serviceScopes: data.serviceScopes,
        applicationId: app.id,
        at: now(),
      },
      meta,
    );
  }
}

/** Undoes a grant (admin revocation, DOMAIN §3 states). */
export async function revokeGrant(
  trx: Trx,
  app: ApplicationRow,
  by: Caller,
  reason: string,
  meta: { requestId: string },
): Promise<void> {
  if (app.kind === 'voucher_qualification') {
    await trx
      .updateTable('voucher_qualifications')
      .set({ state: 'revoked', updated_at: new Date() })
      .where('enterprise_id', '=', app.applicant_id)
      .where('year', '=', app.year!)
      .where('application_id', '=', app.id)
      .execute();
  } else {
    await trx
      .updateTable('companies')
      .set({ state: 'revoked', updated_at: new Date() })
      .where('company_id', '=', app.applicant_id)
      .where('application_id', '=', app.id)
      .execute();
  }
  await appendEvent(trx, revokedEvent[app.kind as ApplicationKind], refusalFacts(app, by, reason), meta);
}

/** A rejection grants nothing; it is announced so applicants' projections can show it. */
export async function announceRejection(
  trx: Trx,
  app: ApplicationRow,
  by: Caller,
  reason: string,
  meta: { requestId: string },
): Promise<void> {
  await appendEvent(trx, rejectedEvent[app.kind as ApplicationKind], refusalFacts(app, by, reason), meta);
}

const rejectedEvent = {
  enterprise_certification: ev.enterpriseRejected,
  provider_certification: ev.providerRejected,
  voucher_qualification: ev.voucherQualificationRejected,
} as const;
const revokedEvent = {
  enterprise_certification: ev.enterpriseRevoked,
  provider_certification: ev.providerRevoked,
  voucher_qualification: ev.voucherQualificationRevoked,
} as const;

function refusalFacts(app: ApplicationRow, by: Caller, reason: string) {
  return {
    applicantId: app.applicant_id,
    applicationId: app.id,
    kind: app.kind as ApplicationKind,
    year: app.year,
    reason,
    by: by.userId,
    at: now(),
  };
}
