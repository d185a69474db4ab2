import { requireRole, assertAttachments, type Attachment, type Bus, type HandlerContext } from '@voucher/bus';
import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  qualification,
  type ApplicationState,
  type EnterpriseCertificationBody,
  type ProviderCertificationBody,
  type QualificationSettings,
} from '@voucher/contracts';
import { recordAudit } from '@voucher/db';
import { canResubmit } from '../domain/review-chain.ts';
import { fieldsNeedingReview } from '../domain/changes.ts';
import { advance, findApplication, insertApplication } from '../store/applications.ts';
import { creditCodeHolder, findCompany } from '../store/companies.ts';
import { inDirectory } from '../store/provider-directory.ts';
import { readSettings } from '../store/settings.ts';
import type { QualificationDeps } from './deps.ts';
import { assertCreditCode, assertEligible, uniqueViolation } from './guards.ts';
import { grant } from './effects.ts';

/** What differs between enterprise (QUA-1) and provider (QUA-3) certification; the flow is shared. */
interface CertificationSpec<B extends { companyName: string; creditCode: string }> {
  kind: 'enterprise_certification' | 'provider_certification';
  companyKind: 'enterprise' | 'provider';
  attachments(body: B): Attachment[];
  district(body: B): string | null;
  /** QUA-5 for enterprises, the directory (QUA-3) for providers */
  admissible(deps: QualificationDeps, body: B, settings: QualificationSettings): Promise<void>;
}

const enterpriseSpec: CertificationSpec<EnterpriseCertificationBody> = {
  kind: 'enterprise_certification',
  companyKind: 'enterprise',
  attachments: (b) => [{ field: 'licenceFileId', fileId: b.licenceFileId, purposes: ['business_licence'] }],
  district: (b) => b.district,
  admissible: async (_deps, b, settings) => assertEligible(settings, { size: b.size, district: b.district }),
};

const providerSpec: CertificationSpec<ProviderCertificationBody> = {
  kind: 'provider_certification',
  companyKind: 'provider',
  attachments: (b) => [
    { field: 'licenceFileId', fileId: b.licenceFileId, purposes: ['business_licence'] },
    { field: 'commitmentFileId', fileId: b.commitmentFileId, purposes: ['provider_commitment'] },
  ],
  district: () => null,
  admissible: async (deps, b) => {
    if (!(await inDirectory(deps.db, b.companyName.trim()))) {
      throw new AppError(
        'NOT_IN_DIRECTORY',
        'only organisations on the eligible-provider directory may apply (QUA-3)',
        {
          companyName: b.companyName,
        },
      );
    }
  },
};

async function submit<B extends { companyName: string; creditCode: string }>(
  deps: QualificationDeps,
  spec: CertificationSpec<B>,
  body: B,
  ctx: HandlerContext,
  resubmitId?: string,
): Promise<{ id: string; state: ApplicationState }> {
  const caller = requireRole(ctx, spec.companyKind);
  assertCreditCode(body.creditCode);
  const settings = await readSettings(deps.db);
  await spec.admissible(deps, body, settings);
  const holder = await creditCodeHolder(deps.db, spec.companyKind, body.creditCode);
  if (holder && holder !== caller.userId) {
    throw new AppError(
      'CREDIT_CODE_TAKEN',
      'this credit code is already certified or under review for another account',
    );
  }
  const files = await assertAttachments(deps.bus, ctx, [caller.userId], spec.attachments(body));
  const data = body as unknown as Record<string, unknown>;
  const meta = ctx;
  const company = await findCompany(deps.db, caller.userId);

  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (resubmitId) {
        const app = await findApplication(trx, resubmitId);
        if (!app || app.applicant_id !== caller.userId || app.kind !== spec.kind) {
          throw new AppError('NOT_FOUND', 'application not found');
        }
        if (!canResubmit(app.state as ApplicationState)) {
          throw new AppError('INVALID_STATE', `a ${app.state} application cannot be resubmitted`, { state: app.state });
        }
        await advance(trx, app, 'submitted', {
          action: 'resubmitted',
          actor: caller,
          changes: { data, companyName: body.companyName, creditCode: body.creditCode, district: spec.district(body) },
          files,
        });
        return { id: app.id, state: 'submitted' as const };
      }
      const id = uuidv7();
      // QUA-6: a certified company changes freely, except its name, credit code, contact person, district and size
      const direct = company?.state === 'certified' && fieldsNeedingReview(company.data, data).length === 0;
      await insertApplication(
        trx,
        {
          id,
          kind: spec.kind,
          applicantId: caller.userId,
          state: direct ? 'certified' : 'submitted',
          companyName: body.companyName,
          creditCode: body.creditCode,
          district: spec.district(body),
          year: null,
          data,
          files,
        },
        caller,
        direct ? 'updated_without_review' : company?.state === 'certified' ? 'change_submitted' : 'submitted',
      );
      await recordAudit(trx, {
        entity: 'application',
        entityId: id,
        action: direct ? 'updated_without_review' : 'submitted',
        actor: caller,
        toState: direct ? 'certified' : 'submitted',
      });
      if (direct) {
        const app = (await findApplication(trx, id))!;
        await grant(trx, app, settings, caller, meta);
        return { id, state: 'certified' as const };
      }
      return { id, state: 'submitted' as const };
    });
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint === 'applications_one_live') {
      throw new AppError('INVALID_STATE', 'an application of yours is already under review', { state: 'submitted' });
    }
    if (constraint === 'applications_live_credit_code') {
      throw new AppError('CREDIT_CODE_TAKEN', 'this credit code is already under review for another account');
    }
    throw err;
  }
}

export function registerCertificationHandlers(bus: Bus, deps: QualificationDeps): void {
  bus.handle(qualification.submitEnterpriseCertification, (body, ctx) => submit(deps, enterpriseSpec, body, ctx));
  bus.handle(qualification.resubmitEnterpriseCertification, ({ id, ...body }, ctx) =>
    submit(deps, enterpriseSpec, body, ctx, id),
  );
  bus.handle(qualification.submitProviderCertification, (body, ctx) => submit(deps, providerSpec, body, ctx));
  bus.handle(qualification.resubmitProviderCertification, ({ id, ...body }, ctx) =>
    submit(deps, providerSpec, body, ctx, id),
  );
}
