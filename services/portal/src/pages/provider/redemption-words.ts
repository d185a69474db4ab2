import type { RedemptionState } from '@voucher/contracts';
import type { MessageKey } from '../../i18n/messages.ts';

/** SET-3's states in the seed's words (002 1.4.7: 结算审批, 支付审批, 支付确认). */
export const redemptionStateWords: Record<RedemptionState, MessageKey> = {
  submitted: 'redemptionSubmitted',
  assessed: 'redemptionAssessed',
  payment_approved: 'redemptionPaymentApproved',
  paid: 'redemptionPaid',
  confirmed: 'redemptionConfirmed',
  rejected: 'redemptionRejected',
};
