import type { ProductState, Refusal, Role, ReviewStage } from '@voucher/contracts';

/** What happens to the public listing when a transition is applied. */
type ListingEffect = 'keep' | 'publish' | 'remove';

export type ReviewAction =
  | { kind: 'edit' }
  | { kind: 'submit'; providerCertified: boolean }
  | { kind: 'withdraw' }
  | { kind: 'approve'; role: Role }
  | { kind: 'reject'; role: Role }
  | { kind: 'delist' }
  | { kind: 'force_delist' };

export type ReviewRefusal =
  Refusal<'INVALID_STATE', { state: ProductState }> | Refusal<'FORBIDDEN'> | Refusal<'NOT_QUALIFIED'>;

export interface ReviewDecision {
  to: ProductState;
  listing: ListingEffect;
  /** the review stage the decision was taken at (approve, reject) */
  stage?: ReviewStage;
}

/** CAT-3: who reviews at each stage; an administrator may stand in for any of them. */
const stageOf: Partial<Record<ProductState, { stage: ReviewStage; role: Role; next: ProductState }>> = {
  operator_review: { stage: 'operator', role: 'operator', next: 'expert_review' },
  expert_review: { stage: 'expert', role: 'expert', next: 'final_review' },
  final_review: { stage: 'final', role: 'approver', next: 'listed' },
};

export const stateOfStage: Record<ReviewStage, ProductState> = {
  operator: 'operator_review',
  expert: 'expert_review',
  final: 'final_review',
};

const inReview = (s: ProductState) => stageOf[s] !== undefined;
const editable: ReadonlySet<ProductState> = new Set(['draft', 'rejected', 'withdrawn', 'listed', 'delisted']);
const submittable: ReadonlySet<ProductState> = new Set(['draft', 'rejected', 'withdrawn', 'delisted']);

const invalid = (state: ProductState, why: string): ReviewRefusal => ({ refused: 'INVALID_STATE', state, why });

/**
 * CAT-3 listing review as a pure state machine:
 * `draft → operator_review → expert_review → final_review → listed`, a
 * rejection at any stage (to `rejected`, edited and resubmitted), a withdrawal
 * of a submission, a delisting by the provider or a forced one by the
 * programme. `listed` says whether a version is public: an edit of a listed
 * product is reviewed while that version stays listed, and replaces it when
 * the final review approves.
 */
export function decideReview(
  state: ProductState,
  listed: boolean,
  action: ReviewAction,
): ReviewDecision | ReviewRefusal {
  switch (action.kind) {
    case 'edit':
      if (!editable.has(state)) return invalid(state, 'a product under review is withdrawn before it is edited');
      return { to: 'draft', listing: 'keep' };
    case 'submit':
      if (!submittable.has(state)) {
        return invalid(state, state === 'listed' ? 'nothing changed since it was listed' : 'already submitted');
      }
      if (!action.providerCertified) return { refused: 'NOT_QUALIFIED', why: 'only a certified provider submits' };
      return { to: 'operator_review', listing: 'keep' };
    case 'withdraw':
      if (!inReview(state)) return invalid(state, 'only a submission under review is withdrawn');
      return { to: 'withdrawn', listing: 'keep' };
    case 'approve':
    case 'reject': {
      const step = stageOf[state];
      if (!step) return invalid(state, 'the product is not waiting for a review');
      if (action.role !== step.role && action.role !== 'admin') {
        return { refused: 'FORBIDDEN', why: `the ${step.stage} review is the ${step.role}'s` };
      }
      if (action.kind === 'reject') return { to: 'rejected', listing: 'keep', stage: step.stage };
      return { to: step.next, listing: step.next === 'listed' ? 'publish' : 'keep', stage: step.stage };
    }
    case 'delist':
      if (!listed) return invalid(state, 'the product is not listed');
      if (inReview(state)) return invalid(state, 'withdraw the edit under review first');
      return { to: 'delisted', listing: 'remove' };
    case 'force_delist':
      if (!listed) return invalid(state, 'the product is not listed');
      return { to: 'delisted', listing: 'remove' };
  }
}
