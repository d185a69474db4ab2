import type { RedemptionState } from '@voucher/contracts';
import type { MessageKey } from '../../i18n/messages.ts';

/** SET-3 states as seed 004 (六) and seed 002 name the steps. */
export const redemptionStateWords: Record<RedemptionState, MessageKey> = {
  submitted: 'adminSettlementSubmitted',
  assessed: 'adminSettlementAssessed',
  payment_approved: 'adminSettlementPaymentApproved',
  paid: 'adminSettlementPaid',
  confirmed: 'adminSettlementConfirmed',
  rejected: 'adminSettlementRejected',
};
