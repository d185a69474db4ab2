import { requireRole, assertAttachments, type Bus, type HandlerContext } from '@voucher/bus';
import { v7 as uuidv7 } from 'uuid';
import { AppError, qualification, type ApplicationState, type VoucherQualificationBody } from '@voucher/contracts';
import { recordAudit } from '@voucher/db';
import { voucherFieldsNeedingReview } from '../domain/changes.ts';
import { canResubmit } from '../domain/review-chain.ts';
import { advance, findApplication, insertApplication } from '../store/applications.ts';
import { findCompany } from '../store/companies.ts';
import { findVoucherQualification } from '../store/voucher-qualifications.ts';
import { readSettings } from '../store/settings.ts';
import type { QualificationDeps } from './deps.ts';
import { assertEligible, uniqueViolation } from './guards.ts';
import { grant } from './effects.ts';

/**
 * QUA-4: a certified enterprise applies per programme year; once approved, its
 * updates apply without a new review (seed 003 §3), which is also how it
 * completes fields the programme later makes required. A new district is the
 * exception: it goes to that district's officer as a new application.
 */
async function submitOrUpdate(
  deps: QualificationDeps,
  body: VoucherQualificationBody,
  ctx: HandlerContext,
  applicationId?: string,
): Promise<{ id: string; state: ApplicationState }> {
  const caller = requireRole(ctx, 'enterprise');
  const company = await findCompany(deps.db, caller.userId);
  if (!company || company.kind !== 'enterprise' || company.state !== 'certified') {
    throw new AppError('NOT_QUALIFIED', 'certify the enterprise first (QUA-1)', { rules: ['certification'] });
  }
  const settings = await readSettings(deps.db);
  assertEligible(settings, { size: company.size ?? undefined, district: body.district });
  const a = body.attachments;
  const files = await assertAttachments(
    deps.bus,
    ctx,
    [caller.userId],
    [
      { field: 'attachments.applicationForm', fileId: a.applicationForm, purposes: ['application_form'] },
      { field: 'attachments.licenceCopy', fileId: a.licenceCopy, purposes: ['business_licence', 'application_form'] },
      { field: 'attachments.commitmentLetter', fileId: a.commitmentLetter, purposes: ['commitment_letter'] },
      ...(a.socialInsurance
        ? [{ field: 'attachments.socialInsurance', fileId: a.socialInsurance, purposes: ['social_insurance' as const] }]
        : []),
      ...(a.taxReturn
        ? [{ field: 'attachments.taxReturn', fileId: a.taxReturn, purposes: ['tax_return' as const] }]
        : []),
    ],
  );
  const data = body as unknown as Record<string, unknown>;
  const meta = ctx;
  const approved = await findVoucherQualification(deps.db, caller.userId, body.year);

  try {
    return await deps.db.transaction().execute(async (trx) => {
      const target = applicationId
        ? await findApplication(trx, applicationId)
        : approved?.state === 'approved'
          ? await findApplication(trx, approved.application_id)
          : undefined;
      if (
        applicationId &&
        (!target || target.applicant_id !== caller.userId || target.kind !== 'voucher_qualification')
      ) {
        throw new AppError('NOT_FOUND', 'application not found');
      }
      if (target && target.year !== body.year) {
        throw new AppError('VALIDATION_FAILED', 'the year of an application cannot change', {
          fields: [{ path: 'year', message: `this application is for ${target.year}` }],
        });
      }
      const submitNew = async () => {
        const id = uuidv7();
        await insertApplication(
          trx,
          {
            id,
            kind: 'voucher_qualification',
            applicantId: caller.userId,
            state: 'submitted',
            companyName: company.company_name,
            creditCode: company.credit_code,
            district: body.district,
            year: body.year,
            data,
            files,
          },
          caller,
          target?.state === 'approved' ? 'change_submitted' : 'submitted',
        );
        await recordAudit(trx, {
          entity: 'application',
          entityId: id,
          action: 'submitted',
          actor: caller,
          toState: 'submitted',
        });
        return { id, state: 'submitted' as const };
      };
      if (target?.state === 'approved') {
        // a new district is a new review, by that district's officer; the approved qualification holds till then
        if (voucherFieldsNeedingReview(target.data, data).length > 0) return submitNew();
        const moved = await advance(trx, target, 'approved', {
          action: 'updated_without_review',
          actor: caller,
          changes: { data, district: body.district },
          files,
        });
        await grant(trx, moved, settings, caller, meta);
        return { id: target.id, state: 'approved' as const };
      }
      if (target) {
        if (!canResubmit(target.state as ApplicationState)) {
          throw new AppError('INVALID_STATE', `a ${target.state} application cannot be changed now`, {
            state: target.state,
          });
        }
        await advance(trx, target, 'submitted', {
          action: 'resubmitted',
          actor: caller,
          changes: { data, district: body.district },
          files,
        });
        return { id: target.id, state: 'submitted' as const };
      }
      return submitNew();
    });
  } catch (err) {
    if (uniqueViolation(err) === 'applications_one_live') {
      throw new AppError('INVALID_STATE', 'your application for this year is already under review', {
        state: 'submitted',
      });
    }
    throw err;
  }
}

export function registerVoucherQualificationHandlers(bus: Bus, deps: QualificationDeps): void {
  bus.handle(qualification.submitVoucherQualification, (body, ctx) => submitOrUpdate(deps, body, ctx));
  bus.handle(qualification.updateVoucherQualification, ({ id, ...body }, ctx) => submitOrUpdate(deps, body, ctx, id));
}
