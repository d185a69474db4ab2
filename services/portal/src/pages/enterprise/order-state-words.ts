import type { OrderState } from '@voucher/contracts';
import type { MessageKey } from '../../i18n/messages.ts';

/** ORD-2's states as seed 003 §4.7 names them, in the reader's language. */
export const orderStateWords: Record<OrderState, MessageKey> = {
  pending_payment: 'orderPendingPayment',
  awaiting_provider: 'orderAwaitingProvider',
  accepted: 'orderAccepted',
  in_service: 'orderInService',
  delivered: 'orderDelivered',
  completed: 'orderCompleted',
  evaluated: 'orderEvaluated',
  cancelled: 'orderCancelled',
};

/** The steps that leave an order's state as it is (ORD-3, ORD-5, ORD-6), as its history names them. */
export const historyActionWords: Record<string, MessageKey> = {
  voucher_paid: 'historyVoucherPaid',
  receipts_added: 'historyReceiptsAdded',
  contract_uploaded: 'historyContractUploaded',
  service_record_added: 'historyRecordAdded',
  service_record_edited: 'historyRecordEdited',
  service_record_evaluated: 'historyRecordEvaluated',
  service_requested: 'historyServiceRequested',
};
