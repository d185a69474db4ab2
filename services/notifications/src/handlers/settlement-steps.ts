import type { RunningConsumer } from '@voucher/bus';
import { settlementEvents as se } from '@voucher/contracts';
import { settlementSteps } from '../domain/settlement-steps.ts';
import { messagesFrom } from './consume.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of redemption steps (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-settlement';

/** Turns each SET-3 review step and the payment recorded into the provider's message (issue 18 item 2). */
export function startSettlementStepConsumers(deps: NotificationsDeps): Promise<RunningConsumer[]> {
  return Promise.all([
    messagesFrom(deps, CONSUMER, se.assessed, settlementSteps.assessed),
    messagesFrom(deps, CONSUMER, se.paymentApproved, settlementSteps.paymentApproved),
    messagesFrom(deps, CONSUMER, se.rejected, settlementSteps.rejected),
    messagesFrom(deps, CONSUMER, se.paid, settlementSteps.paid),
  ]);
}
