import { settlementEvents as se, type DataOf } from '@voucher/contracts';
import { yuan } from './reminders.ts';
import type { Draft } from './templates.ts';

type Step = DataOf<typeof se.submitted>;

/** The transfer of a `paid` step: its own field, or (an event of an older release) the audit's `transfer REF on DATE`. */
function transferOf(d: Step): { reference: string; paidOn: string } {
  if (d.transfer) return d.transfer;
  const old = /^transfer (.+) on (\d{4}-\d{2}-\d{2})$/.exec(d.reason ?? '');
  if (!old) throw new Error('a redemption paid names no transfer');
  return { reference: old[1]!, paidOn: old[2]! };
}

/**
 * A redemption application at each review step (SET-3; SET-5's general
 * vouchers follow the same steps after the operator's approval), for the
 * applicant provider's main account (`providerId`, its user id, QUA-9); issue
 * 18 item 2: "settlement applications at each review step, and the payment
 * recorded". The submission and the confirmation of receipt are the
 * provider's own acts: not told. Amounts are the application's, in yuan.
 */
export const settlementSteps = {
  assessed: (d: Step): Draft[] => [
    { userId: d.providerId, template: 'settlement.assessed', params: { amount: yuan(d.amount) } },
  ],
  paymentApproved: (d: Step): Draft[] => [
    { userId: d.providerId, template: 'settlement.payment_approved', params: { amount: yuan(d.amount) } },
  ],
  rejected: (d: Step): Draft[] => {
    // svc.settlement.reject always takes a reason
    if (!d.reason) throw new Error('a redemption rejected names no reason');
    return [
      { userId: d.providerId, template: 'settlement.rejected', params: { amount: yuan(d.amount), reason: d.reason } },
    ];
  },
  /** The payment recorded: also by SMS (money matters, `goesBySms`). */
  paid: (d: Step): Draft[] => [
    { userId: d.providerId, template: 'settlement.paid', params: { amount: yuan(d.amount), ...transferOf(d) } },
  ],
} as const;
