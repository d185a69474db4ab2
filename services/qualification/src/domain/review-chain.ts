import type { ApplicationKind, ApplicationState, Role } from '@voucher/contracts';

/**
 * The review chains of DOMAIN §3 (QUA-1, QUA-3, QUA-4) as one table: who may move an application of a
 * kind from a state, and where it goes. The handler only persists what this decides.
 *   enterprise certification: submitted → certified | rejected (district officer)
 *   provider certification:   submitted → operator_approved (operator) → certified (approver); rejected at either
 *   voucher qualification:    submitted → approved | rejected (district officer)
 */
export type ReviewAction = 'approve' | 'reject';

export type ReviewDecision =
  { ok: true; to: ApplicationState; final: boolean } | { ok: false; refusal: 'FORBIDDEN' | 'INVALID_STATE' };

interface Step {
  from: ApplicationState;
  reviewer: Role;
  approveTo: ApplicationState;
  final: boolean;
}

const CHAINS: Record<ApplicationKind, Step[]> = {
  enterprise_certification: [{ from: 'submitted', reviewer: 'district_officer', approveTo: 'certified', final: true }],
  voucher_qualification: [{ from: 'submitted', reviewer: 'district_officer', approveTo: 'approved', final: true }],
  provider_certification: [
    { from: 'submitted', reviewer: 'operator', approveTo: 'operator_approved', final: false },
    { from: 'operator_approved', reviewer: 'approver', approveTo: 'certified', final: true },
  ],
};

/** DOMAIN §1: an administrator may do what any platform reviewer may. */
function mayAct(caller: Role, reviewer: Role): boolean {
  return caller === reviewer || caller === 'admin';
}

export function decideReview(
  kind: ApplicationKind,
  state: ApplicationState,
  action: ReviewAction,
  caller: Role,
): ReviewDecision {
  const chain = CHAINS[kind];
  if (!chain.some((s) => mayAct(caller, s.reviewer))) return { ok: false, refusal: 'FORBIDDEN' };
  const step = chain.find((s) => s.from === state);
  if (!step) return { ok: false, refusal: 'INVALID_STATE' };
  if (!mayAct(caller, step.reviewer)) return { ok: false, refusal: 'INVALID_STATE' };
  return action === 'approve'
    ? { ok: true, to: step.approveTo, final: step.final }
    : { ok: true, to: 'rejected', final: true };
}

/** Which states wait for this reviewer's decision (QUA-8 queues default to them). */
export function pendingStatesFor(kind: ApplicationKind, caller: Role): ApplicationState[] {
  return CHAINS[kind].filter((s) => mayAct(caller, s.reviewer)).map((s) => s.from);
}

export function kindsReviewedBy(caller: Role): ApplicationKind[] {
  return (Object.keys(CHAINS) as ApplicationKind[]).filter((k) => CHAINS[k].some((s) => mayAct(caller, s.reviewer)));
}

/** The applicant may take back what nobody has finished deciding. */
export function canWithdraw(state: ApplicationState): boolean {
  return state === 'submitted' || state === 'operator_approved';
}

/** A rejected or withdrawn application is edited and sent again (QUA-1/3/4). */
export function canResubmit(state: ApplicationState): boolean {
  return state === 'rejected' || state === 'withdrawn';
}

/**
 * Revocation applies to what was granted: an application that granted it
 * (one a later change superseded included) names the company, or the
 * enterprise and year, whose grant is revoked.
 */
export function canRevoke(state: ApplicationState): boolean {
  return state === 'certified' || state === 'approved' || state === 'superseded';
}
