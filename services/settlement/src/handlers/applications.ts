import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, settlement, settlementEvents, validationFailed, type Caller, type Role } from '@voucher/contracts';
import {
  actingProvider,
  appendEvent,
  applyTransition,
  assertAttachments,
  prepareEvent,
  requireCaller,
  requireRole,
  type Bus,
  type EventCause,
  type HandlerContext,
} from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { decideChain, type ChainAction } from '../domain/review-chain.ts';
import { checkGeneralClaim } from '../domain/general-claim.ts';
import { inApplicationScope, type ApplicationScope } from '../domain/read-scope.ts';
import { applicationStore, type ApplicationRow } from '../store/applications.ts';
import { bankAccountStore } from '../store/bank-accounts.ts';
import { findClaimedOrder } from '../store/orders.ts';
import { paymentLineStore } from '../store/payment-lines.ts';
import { providerStore } from '../store/providers.ts';
import { settings } from '../store/settings.ts';
import type { SettlementDeps } from './deps.ts';
import type { DB as SettlementDb } from '../store/db.ts';

const reviewers: Role[] = ['approver', 'finance', 'operator'];
const notFound = () => new AppError('NOT_FOUND', 'application not found');

const eventOf = {
  submitted: settlementEvents.submitted,
  assessed: settlementEvents.assessed,
  payment_approved: settlementEvents.paymentApproved,
  paid: settlementEvents.paid,
  confirmed: settlementEvents.confirmed,
  rejected: settlementEvents.rejected,
} as const;

/** Who reads an application (SET-3, SET-5): its provider (or staff with the settlement menu), or a reviewer. */
export function applicationScopeOf(ctx: HandlerContext, ...reviewerRoles: Role[]): ApplicationScope {
  const role = ctx.caller?.role;
  if (role === 'provider' || role === 'provider_staff') {
    return { kind: 'provider', providerId: actingProvider(ctx, 'settlement').providerId };
  }
  const caller = requireRole(ctx, ...reviewerRoles);
  // an operator reviews general vouchers only (SET-5), as its queue shows
  return { kind: 'reviewer', only: caller.role === 'operator' ? 'general' : null };
}

const scoped = (row: ApplicationRow) => ({ providerId: row.provider_id, kind: row.kind });

export function registerApplications(bus: Bus, deps: SettlementDeps): void {
  const store = applicationStore(deps.db);
  const lines = paymentLineStore(deps.db);

  // SET-2: voucher payments of completed orders not in an open application
  bus.handle(settlement.redeemable, async ({ page, pageSize }, ctx) => {
    const { providerId } = actingProvider(ctx, 'settlement');
    return { ...(await lines.pageOfRedeemable(providerId, page, pageSize)), page, pageSize };
  });

  /** SET-1/2: the bank account must be the provider's, the materials its uploads of the right purpose. */
  const accountAndMaterials = async (
    ctx: HandlerContext,
    providerId: string,
    caller: Caller,
    bankAccountId: string,
    materials: Record<string, string>,
  ) => {
    const account = await bankAccountStore(deps.db).findKept(bankAccountId, providerId);
    if (!account) throw validationFailed([{ path: 'bankAccountId', message: 'no such bank account of yours' }]);
    await assertAttachments(
      deps.bus,
      ctx,
      [providerId, caller.userId],
      Object.entries(materials).map(([field, fileId]) => ({
        field: `materials.${field}`,
        fileId,
        purposes: ['settlement_material'],
      })),
    );
    // the application keeps its own copy of the account, as it was when submitted
    const { bank, branch, accountName, number } = account;
    return {
      providerName: (await providerStore(deps.db).find(providerId))?.companyName ?? '',
      bankAccount: { bank, branch, accountName, number },
    };
  };

  /** The submission's audit entry and event, for both kinds. */
  const submitted = async (
    trx: Kysely<SettlementDb>,
    id: string,
    kind: 'voucher' | 'general',
    providerId: string,
    amount: number,
    caller: Caller,
    cause: EventCause,
  ) => {
    await recordAudit(trx, {
      entity: 'application',
      entityId: id,
      action: 'submit',
      actor: caller,
      toState: 'submitted',
    });
    await appendEvent(
      trx,
      settlementEvents.submitted,
      {
        applicationId: id,
        kind,
        providerId,
        amount,
        from: null,
        to: 'submitted',
        by: { userId: caller.userId, role: caller.role },
        reason: null,
        transfer: null,
        at: new Date().toISOString(),
      },
      cause,
    );
  };

  bus.handle(settlement.apply, async ({ paymentIds, bankAccountId, materials }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    const ids = [...new Set(paymentIds)];
    const claimed = await lines.ofProvider(providerId, ids);
    const known = new Set(claimed.map((l) => l.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw validationFailed(
        unknown.map((id) => ({
          path: `paymentIds.${paymentIds.indexOf(id)}`,
          message: 'not a voucher payment of your completed orders',
        })),
      );
    }
    const { providerName, bankAccount } = await accountAndMaterials(ctx, providerId, caller, bankAccountId, materials);
    const id = uuidv7();
    const amount = claimed.reduce((a, l) => a + l.amount, 0);
    try {
      await deps.db.transaction().execute(async (trx) => {
        const applications = applicationStore(trx);
        await applications.submit({ id, providerId, providerName, amount, bankAccount, materials });
        await applications.claimLines(id, ids);
        await submitted(trx, id, 'voucher', providerId, amount, caller, ctx);
      });
    } catch (err) {
      if ((err as { constraint?: string }).constraint === 'application_lines_one_open') {
        throw new AppError('ALREADY_IN_APPLICATION', 'a payment is in an open application already');
      }
      throw err;
    }
    return store.view((await store.find(id))!);
  });

  // SET-5: a general voucher, filed by hand for a live order of the provider; an operator gives the first review
  bus.handle(
    settlement.applyGeneral,
    async ({ enterpriseName, orderNo, direction, amount, bankAccountId, materials }, ctx) => {
      const { providerId, caller } = actingProvider(ctx, 'settlement');
      const order = await findClaimedOrder(deps.db, orderNo);
      const { generalVoucherValue } = await settings.read(deps.db);
      const issues = checkGeneralClaim({ enterpriseName, amount }, order, providerId, generalVoucherValue);
      if (issues.length > 0) throw validationFailed(issues);
      const { providerName, bankAccount } = await accountAndMaterials(
        ctx,
        providerId,
        caller,
        bankAccountId,
        materials,
      );
      const id = uuidv7();
      try {
        await deps.db.transaction().execute(async (trx) => {
          await applicationStore(trx).submit({
            id,
            general: { claim: { enterpriseName, orderNo, direction }, orderId: order!.orderId },
            providerId,
            providerName,
            amount,
            bankAccount,
            materials,
          });
          await submitted(trx, id, 'general', providerId, amount, caller, ctx);
        });
      } catch (err) {
        if ((err as { constraint?: string }).constraint === 'applications_one_general_claim') {
          throw new AppError('ALREADY_IN_APPLICATION', 'this order has a general-voucher claim already', { orderNo });
        }
        throw err;
      }
      return store.view((await store.find(id))!);
    },
  );

  bus.handle(settlement.myApplications, async ({ state, kind, page, pageSize }, ctx) => {
    const { providerId } = actingProvider(ctx, 'settlement');
    const { items, total } = await store.page(
      { providerId, ...(state ? { state } : {}), ...(kind ? { kind } : {}) },
      page,
      pageSize,
    );
    return { items, total, page, pageSize };
  });

  bus.handle(settlement.getApplication, async ({ id }, ctx) => {
    const scope = applicationScopeOf(ctx, ...reviewers);
    const row = await store.find(id);
    if (!row || !inApplicationScope(scope, scoped(row))) throw notFound();
    return store.view(row);
  });

  bus.handle(settlement.reviewQueue, async ({ state, kind, page, pageSize }, ctx) => {
    const caller = requireRole(ctx, ...reviewers);
    // an operator reviews general vouchers only (SET-5)
    const only = caller.role === 'operator' ? 'general' : kind;
    const { items, total } = await store.page(
      { ...(state ? { state } : {}), ...(only ? { kind: only } : {}) },
      page,
      pageSize,
    );
    return { items, total, page, pageSize };
  });

  /** One SET-3 step under the application's row lock: two finance users paying at once, one wins. */
  const step = async (
    ctx: HandlerContext,
    id: string,
    action: ChainAction,
    extra: { reason?: string; reference?: string; paidOn?: string } = {},
  ) => {
    const caller = requireCaller(ctx);
    const providerId = action === 'confirm' ? actingProvider(ctx, 'settlement').providerId : null;
    const reason = extra.reason ?? (extra.reference ? `transfer ${extra.reference} on ${extra.paidOn}` : null);
    await applyTransition(deps.db, {
      lock: async (trx) => {
        const row = await applicationStore(trx).find(id, { lock: true });
        return row && (providerId === null || row.provider_id === providerId) ? row : undefined;
      },
      notFound,
      decide: (row) => decideChain(row.state, action, caller.role, row.kind),
      write: async (trx, row, decision) => {
        const applications = applicationStore(trx);
        if (decision.releaseLines) await applications.releaseLines(id);
        await applications.setState(id, decision.to, extra);
        return {
          audit: {
            entity: 'application',
            entityId: id,
            action,
            actor: caller,
            fromState: row.state,
            toState: decision.to,
            reason,
          },
          events: [
            prepareEvent(
              eventOf[decision.to],
              {
                applicationId: id,
                kind: row.kind,
                providerId: row.provider_id,
                amount: Number(row.amount),
                from: row.state,
                to: decision.to,
                by: { userId: caller.userId, role: caller.role },
                reason,
                // the transfer recorded (SET-3 `paid`): the provider's message names it (issue 18 item 2)
                transfer: extra.reference && extra.paidOn ? { reference: extra.reference, paidOn: extra.paidOn } : null,
                at: new Date().toISOString(),
              },
              ctx,
            ),
          ],
        };
      },
    });
    return store.view((await store.find(id))!);
  };

  bus.handle(settlement.assess, ({ id }, ctx) => step(ctx, id, 'assess'));
  bus.handle(settlement.approvePayment, ({ id }, ctx) => step(ctx, id, 'approve_payment'));
  bus.handle(settlement.reject, ({ id, reason }, ctx) => step(ctx, id, 'reject', { reason }));
  bus.handle(settlement.pay, ({ id, reference, paidAt }, ctx) => step(ctx, id, 'pay', { reference, paidOn: paidAt }));
  bus.handle(settlement.confirm, ({ id }, ctx) => step(ctx, id, 'confirm'));
}
