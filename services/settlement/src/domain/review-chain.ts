import type { RedemptionState, Refusal, Role } from '@voucher/contracts';

export type ChainAction = 'assess' | 'approve_payment' | 'pay' | 'confirm' | 'reject';

export type ChainDecision = { to: RedemptionState; releaseLines: boolean };
export type ChainRefusal = Refusal<'INVALID_STATE', { state: RedemptionState }> | Refusal<'FORBIDDEN'>;

/** An application of payment lines (SET-2) or a general voucher filed by hand (SET-5). */
export type ApplicationKind = 'voucher' | 'general';

/**
 * SET-3: who takes each step; an administrator may stand in for the
 * reviewers, never for the provider. A general voucher's first review is an
 * operator's (SET-5); the payment steps are the same.
 */
const firstReviewer = (kind: ApplicationKind): Role => (kind === 'general' ? 'operator' : 'approver');
const steps: Record<
  Exclude<ChainAction, 'reject' | 'assess'>,
  { from: RedemptionState; to: RedemptionState; role: Role }
> = {
  approve_payment: { from: 'assessed', to: 'payment_approved', role: 'finance' },
  pay: { from: 'payment_approved', to: 'paid', role: 'finance' },
  confirm: { from: 'paid', to: 'confirmed', role: 'provider' },
};
/** A rejection is the reviewer's of the step the application waits at. */
const rejectorOf = (state: RedemptionState, kind: ApplicationKind): Role | undefined =>
  state === 'submitted' ? firstReviewer(kind) : state === 'assessed' ? 'finance' : undefined;

const mayAct = (actual: Role, needed: Role) =>
  actual === needed ||
  (actual === 'admin' && needed !== 'provider') ||
  (needed === 'provider' && actual === 'provider_staff');

/**
 * SET-3 as a pure state machine: `submitted → assessed → payment_approved →
 * paid → confirmed`, `rejected` at either review step, which returns the
 * lines to the redeemable list.
 */
export function decideChain(
  state: RedemptionState,
  action: ChainAction,
  role: Role,
  kind: ApplicationKind = 'voucher',
): ChainDecision | ChainRefusal {
  if (action === 'reject') {
    const rejector = rejectorOf(state, kind);
    if (!rejector) return { refused: 'INVALID_STATE', state, why: 'only an application under review is rejected' };
    if (!mayAct(role, rejector)) return { refused: 'FORBIDDEN', why: `the ${state} step is the ${rejector}'s` };
    return { to: 'rejected', releaseLines: true };
  }
  const step =
    action === 'assess'
      ? { from: 'submitted' as const, to: 'assessed' as const, role: firstReviewer(kind) }
      : steps[action];
  if (state !== step.from) return { refused: 'INVALID_STATE', state, why: `${action} follows ${step.from}` };
  if (!mayAct(role, step.role)) return { refused: 'FORBIDDEN', why: `${action} is the ${step.role}'s` };
  return { to: step.to, releaseLines: false };
}
