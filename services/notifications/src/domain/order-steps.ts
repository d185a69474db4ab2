import { orderEvents as oe, type DataOf } from '@voucher/contracts';
import type { Draft } from './templates.ts';

type OrderFacts = DataOf<typeof oe.accepted>;

/** What every order-step message names: the product and the order number, nothing about a person. */
const orderOf = (d: OrderFacts) => ({ productName: d.productName, orderNo: d.orderNo });

/**
 * The users of a provider told of its orders: its main account (a
 * provider's id is its user id, QUA-9) and its staff who hold the `orders`
 * menu (ID-8: the menu that handles orders), each in its own inbox, as the
 * order's to-dos are theirs to see too.
 */
const providerUsers = (d: OrderFacts, staff: readonly string[]): string[] => [d.providerId, ...staff];

const waitingForProvider = (d: OrderFacts, staff: readonly string[]): Draft[] =>
  providerUsers(d, staff).map((userId) => ({ userId, template: 'order.awaiting_provider', params: orderOf(d) }));

/** The roles that decline an order for its provider (DOMAIN §1: the provider or its staff with `orders`). */
const providerRoles: ReadonlySet<string> = new Set(['provider', 'provider_staff']);

/**
 * Who must act next on an order, and what they are told (issue 18 item 2:
 * "each order step, for the party that must act next"). Each function takes
 * an ORD-2 transition's event and answers the drafts it calls for, none when
 * nobody has to be told: the party that acted knows already. The steps
 * for the provider also take its staff with the `orders` menu (`staff`).
 */
export const orderSteps = {
  /**
   * Placed: an order with something to pay waits for the enterprise (the
   * voucher part, and a receipt when cash is due), and its provider hears of
   * it with `awaiting_provider`. Only an order with nothing to pay (a free
   * spec) is placed straight into `awaiting_provider`, with no event of that
   * name: its `placed` is the provider's message.
   */
  placed: (d: DataOf<typeof oe.placed>, staff: readonly string[]): Draft[] =>
    d.to === 'awaiting_provider' ? waitingForProvider(d, staff) : [],
  /** Paid (vouchers settled and, when cash is due, a receipt uploaded): the provider accepts or declines (ORD-2). */
  awaitingProvider: (d: DataOf<typeof oe.awaitingProvider>, staff: readonly string[]): Draft[] =>
    waitingForProvider(d, staff),
  /** Accepted: the enterprise uploads the signed contract next (ORD-5). */
  accepted: (d: DataOf<typeof oe.accepted>): Draft[] => [
    { userId: d.enterpriseId, template: 'order.accepted', params: orderOf(d) },
  ],
  /**
   * Cancelled: only the provider's decline is told, to the enterprise, with
   * the provider's reason. The enterprise's own cancel or withdrawal needs no
   * message to itself; the contract deadline (ORD-5) and a payment called
   * off are not told yet (README).
   */
  cancelled: (d: DataOf<typeof oe.cancelled>): Draft[] => {
    if (d.from !== 'awaiting_provider' || !providerRoles.has(d.by.role)) return [];
    // a decline always gives its reason (svc.orders.decline): one without is a broken event
    if (d.reason === null) throw new Error('an order declined by its provider names no reason');
    return [
      {
        userId: d.enterpriseId,
        template: 'order.declined',
        params: { ...orderOf(d), reason: d.reason },
      },
    ];
  },
  /** Delivered: the enterprise confirms whether the service is completed (ORD-7). */
  delivered: (d: DataOf<typeof oe.delivered>): Draft[] => [
    { userId: d.enterpriseId, template: 'order.delivered', params: orderOf(d) },
  ],
  /**
   * In service: after "not completed" (from `delivered`) the provider serves
   * and delivers again. The first `in_service`, when the enterprise uploads
   * the contract, is not told yet (README).
   */
  inService: (d: DataOf<typeof oe.inService>, staff: readonly string[]): Draft[] =>
    d.from === 'delivered'
      ? providerUsers(d, staff).map((userId) => ({ userId, template: 'order.not_completed', params: orderOf(d) }))
      : [],
} as const;
