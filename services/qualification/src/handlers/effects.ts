import type { Kysely } from 'kysely';
import { appendEvent, type EventCause } from '@voucher/bus';
import {
  AppError,
  qualificationEvents as ev,
  type ApplicationKind,
  type ApplicationState,
  type Caller,
  type QualificationSettings,
} from '@voucher/contracts';
import { missingRequiredFields } from '../domain/changes.ts';
import { findCompany, revokeCompany, upsertCompany } from '../store/companies.ts';
import {
  findVoucherQualificationHolder,
  revokeVoucherQualification,
  upsertVoucherQualification,
} from '../store/voucher-qualifications.ts';
import { advance, findApplication, type ApplicationRow } from '../store/applications.ts';
import type { QualificationDb } from '../store/schema.ts';
import { uniqueViolation } from './guards.ts';

type Trx = Kysely<QualificationDb>;
const now = () => new Date().toISOString();

/**
 * The application that held a grant before `by` replaced it (a change of a
 * certified company, QUA-6; of an approved qualification's district, QUA-4)
 * is `superseded`: one application holds each grant, so an old one can
 * neither be updated over the new data nor be mistaken for the grant.
 */
async function supersede(trx: Trx, applicationId: string, by: ApplicationRow, actor: Caller): Promise<void> {
  if (applicationId === by.id) return;
  const held = await findApplication(trx, applicationId);
  if (!held || (held.state !== 'certified' && held.state !== 'approved')) return;
  await advance(trx, held, 'superseded', { action: 'superseded', actor, reason: `replaced by application ${by.id}` });
}

/**
 * What a decided application does to the company data (QUA-9), each grant
 * beside the revocation that undoes it, all inside the decision's transaction
 * with its event in the outbox. `actor` decided it (a reviewer, or the
 * applicant for a change that needs no review).
 */
export async function grant(
  trx: Trx,
  app: ApplicationRow,
  settings: QualificationSettings,
  actor: Caller,
  meta: EventCause,
): Promise<void> {
  if (app.kind === 'voucher_qualification') {
    const company = await findCompany(trx, app.applicant_id);
    if (!company || company.state !== 'certified') {
      throw new AppError('NOT_QUALIFIED', 'the enterprise is no longer certified', { rules: ['certification'] });
    }
    const existing = await findVoucherQualificationHolder(trx, app.applicant_id, app.year!);
    if (existing?.state === 'approved') await supersede(trx, existing.application_id, app, actor);
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
  if (wasCertified) await supersede(trx, before.application_id, app, actor);
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

/**
 * Undoes a grant (admin revocation, DOMAIN §3 states) by what was granted,
 * not by the application named: the company's certification (a
 * certification application) or the enterprise's qualification for that
 * year, whichever of its applications holds it now (a change may have
 * superseded the one named). So a revocation always changes the company
 * it announces. Answers the application that held the grant, and its
 * state before; nothing granted to revoke is 409 `INVALID_STATE`.
 */
export async function revokeGrant(
  trx: Trx,
  app: ApplicationRow,
  by: Caller,
  reason: string,
  meta: EventCause,
): Promise<{ holder: ApplicationRow; from: ApplicationState }> {
  const heldBy =
    app.kind === 'voucher_qualification'
      ? await revokeVoucherQualification(trx, app.applicant_id, app.year!)
      : await revokeCompany(trx, app.applicant_id, app.kind === 'enterprise_certification' ? 'enterprise' : 'provider');
  if (heldBy === undefined) {
    throw new AppError('INVALID_STATE', 'nothing granted by this application is in force to revoke', {
      state: app.state,
    });
  }
  const before = (await findApplication(trx, heldBy))!;
  const holder = await advance(trx, before, 'revoked', { action: 'revoke', actor: by, reason });
  await appendEvent(trx, revokedEvent[app.kind as ApplicationKind], refusalFacts(holder, by, reason), meta);
  return { holder, from: before.state as ApplicationState };
}

/** A rejection grants nothing; it is announced so applicants' projections can show it. */
export async function announceRejection(
  trx: Trx,
  app: ApplicationRow,
  by: Caller,
  reason: string,
  meta: EventCause,
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
