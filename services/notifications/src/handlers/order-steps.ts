import type { RunningConsumer } from '@voucher/bus';
import { orderEvents as oe } from '@voucher/contracts';
import { orderSteps } from '../domain/order-steps.ts';
import { messagesFrom } from './consume.ts';
import type { NotificationsDeps } from './deps.ts';
import { forProvider, startStaffConsumers } from './provider-staff.ts';

/** The durable consumer of order steps (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-orders';

/**
 * Turns each ORD-2 step into a message for the party that must act next
 * (issue 18 item 2): for the provider, its main account and its staff with
 * the `orders` menu (ID-8), whom the staff consumers keep from identity's events.
 */
export async function startOrderStepConsumers(deps: NotificationsDeps): Promise<RunningConsumer[]> {
  const [staff, steps] = await Promise.all([
    startStaffConsumers(deps),
    Promise.all([
      messagesFrom(deps, CONSUMER, oe.placed, forProvider(orderSteps.placed)),
      messagesFrom(deps, CONSUMER, oe.awaitingProvider, forProvider(orderSteps.awaitingProvider)),
      messagesFrom(deps, CONSUMER, oe.accepted, orderSteps.accepted),
      messagesFrom(deps, CONSUMER, oe.cancelled, orderSteps.cancelled),
      messagesFrom(deps, CONSUMER, oe.delivered, orderSteps.delivered),
      messagesFrom(deps, CONSUMER, oe.inService, forProvider(orderSteps.inService)),
    ]),
  ]);
  return [...staff, ...steps];
}
