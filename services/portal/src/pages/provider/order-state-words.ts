import type { OrderState } from '@voucher/contracts';
import type { MessageKey } from '../../i18n/messages.ts';

/** ORD-2's states as the seed manuals name them (001 §5, 003 §4.7). */
export const orderStateWords: Record<OrderState, MessageKey> = {
  pending_payment: 'wbOrderPendingPayment',
  awaiting_provider: 'wbOrderAwaitingProvider',
  accepted: 'wbOrderAccepted',
  in_service: 'wbOrderInService',
  delivered: 'wbOrderDelivered',
  completed: 'wbOrderCompleted',
  evaluated: 'wbOrderEvaluated',
  cancelled: 'wbOrderCancelled',
};
