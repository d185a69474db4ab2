import { requireCaller, requireRole, type Bus, type HandlerContext } from '@voucher/bus';
import {
  AppError,
  fileAccessCommand,
  fileReferencesCommand,
  qualification,
  type ApplicationKind,
  type ApplicationState,
  type Caller,
} from '@voucher/contracts';
import { recordAudit } from '@voucher/db';
import {
  canRevoke,
  canWithdraw,
  decideReview,
  kindsReviewedBy,
  pendingStatesFor,
  type ReviewAction,
} from '../domain/review-chain.ts';
import { surveyComplete } from '../domain/survey.ts';
import {
  advance,
  applicationsCiting,
  citedFileIds,
  findApplication,
  mine,
  queue,
  toView,
  type ApplicationRow,
} from '../store/applications.ts';
import { readSettings } from '../store/settings.ts';
import { answersOf } from '../store/survey-answers.ts';
import type { QualificationDeps } from './deps.ts';

import { announceRejection, grant, revokeGrant } from './effects.ts';

const REVIEWERS = ['district_officer', 'operator', 'approver', 'admin'] as const;

/**
 * Whether this reviewer sees this application at all. A district officer sees
 * only its district's enterprises (DOMAIN §1); what it may not see is
 * answered as not found, never as forbidden (API.md).
 */
function inScope(caller: Caller, app: ApplicationRow): boolean {
  if (!kindsReviewedBy(caller.role).includes(app.kind as ApplicationKind)) return false;
  if (caller.role === 'district_officer') return caller.district !== undefined && app.district === caller.district;
  return true;
}

async function reviewable(deps: QualificationDeps, caller: Caller, id: string): Promise<ApplicationRow> {
  const app = await findApplication(deps.db, id);
  if (!app || !inScope(caller, app)) throw new AppError('NOT_FOUND', 'application not found');
  return app;
}

async function decide(
  deps: QualificationDeps,
  ctx: HandlerContext,
  id: string,
  action: ReviewAction,
  reason: string | null,
) {
  const caller = requireRole(ctx, ...REVIEWERS);
  const app = await reviewable(deps, caller, id);
  const from = app.state as ApplicationState;
  const decision = decideReview(app.kind as ApplicationKind, from, action, caller.role);
  if (!decision.ok) {
    if (decision.refusal === 'FORBIDDEN') throw new AppError('FORBIDDEN', 'not your step to review');
    throw new AppError('INVALID_STATE', `a ${from} application cannot be ${action}d by ${caller.role}`, {
      state: from,
    });
  }
  const settings = await readSettings(deps.db);
  // QUA-2: an enterprise is certified only once it has answered the demand survey
  if (action === 'approve' && app.kind === 'enterprise_certification') {
    if (!surveyComplete(settings.surveyQuestions, await answersOf(deps.db, app.applicant_id))) {
      throw new AppError('DATA_INCOMPLETE', 'the enterprise has not answered the demand survey yet (QUA-2)', {
        missing: 'survey',
      });
    }
  }
  const meta = ctx;
  return deps.db.transaction().execute(async (trx) => {
    const moved = await advance(trx, app, decision.to, { action, actor: caller, reason });
    await recordAudit(trx, {
      entity: 'application',
      entityId: app.id,
      action,
      actor: caller,
      fromState: from,
      toState: decision.to,
      reason,
    });
    if (action === 'approve' && decision.final) await grant(trx, moved, settings, caller, meta);
    if (action === 'reject') await announceRejection(trx, moved, caller, reason ?? '', meta);
    return { id: app.id, state: decision.to };
  });
}

export function registerReviewHandlers(bus: Bus, deps: QualificationDeps): void {
  bus.handle(qualification.approve, ({ id }, ctx) => decide(deps, ctx, id, 'approve', null));
  bus.handle(qualification.reject, ({ id, reason }, ctx) => decide(deps, ctx, id, 'reject', reason));

  bus.handle(qualification.revoke, async ({ id, reason }, ctx) => {
    const caller = requireRole(ctx, 'admin');
    const app = await findApplication(deps.db, id);
    if (!app) throw new AppError('NOT_FOUND', 'application not found');
    const from = app.state as ApplicationState;
    if (!canRevoke(from))
      throw new AppError('INVALID_STATE', `a ${from} application grants nothing to revoke`, { state: from });
    return deps.db.transaction().execute(async (trx) => {
      // by company (or by enterprise and year): the grant this application belongs to, whichever holds it now
      const { holder, from: held } = await revokeGrant(trx, app, caller, reason, ctx);
      await recordAudit(trx, {
        entity: 'application',
        entityId: holder.id,
        action: 'revoke',
        actor: caller,
        fromState: held,
        toState: 'revoked',
        reason,
      });
      const named = holder.id === app.id ? holder : (await findApplication(trx, app.id))!;
      return { id: app.id, state: named.state as ApplicationState };
    });
  });

  bus.handle(qualification.withdraw, async ({ id }, ctx) => {
    const caller = requireRole(ctx, 'enterprise', 'provider');
    const app = await findApplication(deps.db, id);
    if (!app || app.applicant_id !== caller.userId) throw new AppError('NOT_FOUND', 'application not found');
    const from = app.state as ApplicationState;
    if (!canWithdraw(from))
      throw new AppError('INVALID_STATE', `a ${from} application cannot be withdrawn`, { state: from });
    return deps.db.transaction().execute(async (trx) => {
      await advance(trx, app, 'withdrawn', { action: 'withdraw', actor: caller });
      return { id: app.id, state: 'withdrawn' as const };
    });
  });

  bus.handle(qualification.myApplications, async ({ kind }, ctx) => {
    const caller = requireRole(ctx, 'enterprise', 'provider');
    return { items: await toView(deps.db, await mine(deps.db, caller.userId, kind)) };
  });

  bus.handle(qualification.getApplication, async ({ id }, ctx) => {
    const caller = requireCaller(ctx);
    const app = await findApplication(deps.db, id);
    if (!app || (app.applicant_id !== caller.userId && !inScope(caller, app))) {
      throw new AppError('NOT_FOUND', 'application not found');
    }
    return (await toView(deps.db, [app]))[0]!;
  });

  // QUA-8
  bus.handle(qualification.reviewQueue, async (q, ctx) => {
    const caller = requireRole(ctx, ...REVIEWERS);
    const kinds = kindsReviewedBy(caller.role).filter((k) => !q.kind || k === q.kind);
    if (kinds.length === 0) return { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
    const states = q.state ? [q.state] : [...new Set(kinds.flatMap((k) => pendingStatesFor(k, caller.role)))];
    const { rows, total } = await queue(deps.db, {
      kinds,
      states,
      ...(caller.role === 'district_officer' ? { district: caller.district ?? '\u0000' } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.q ? { q: q.q } : {}),
      ...(q.applicant ? { applicant: q.applicant } : {}),
      page: q.page,
      pageSize: q.pageSize,
      timeZone: deps.timeZone,
    });
    return { items: await toView(deps.db, rows), page: q.page, pageSize: q.pageSize, total };
  });

  // QUA-7: reviewers of an application may read its attachments
  bus.handle(fileAccessCommand('qualification'), async ({ fileId }, ctx) => {
    if (!ctx.caller) return { allowed: false };
    const caller = ctx.caller;
    const apps = await applicationsCiting(deps.db, fileId);
    return { allowed: apps.some((a) => inScope(caller, a)) };
  });

  // the gateway's clean-up: which uploads an application cites (any application, a rejected one included)
  // only the gateway's clean-up sends it (its `from`, A7): it learns which of its own uploads are cited, nothing more
  bus.handle(fileReferencesCommand('qualification'), async ({ fileIds }) => {
    return { referenced: await citedFileIds(deps.db, fileIds) };
  });
}
