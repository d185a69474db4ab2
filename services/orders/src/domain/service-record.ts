import type { OrderState, Refusal } from '@voucher/contracts';

/** ORD-6 happens while the service is under way: accepted, in service or delivered. */
const serviceStates: ReadonlySet<OrderState> = new Set(['accepted', 'in_service', 'delivered']);

/** ORD-6: the provider records service, and the enterprise asks for it, only while the order is under way. */
export function serviceUnderWay(
  state: OrderState,
  doing: 'record' | 'request',
): Refusal<'INVALID_STATE', { state: OrderState }> | null {
  if (serviceStates.has(state)) return null;
  return {
    refused: 'INVALID_STATE',
    state,
    why:
      doing === 'record'
        ? 'service is recorded once the order is accepted'
        : 'service is asked for while the order is under way',
  };
}

/** ORD-6: a service record is edited, and evaluated once, until the enterprise has evaluated it. */
export function recordStillOpen(
  record: { evaluatedAt: Date | null } | undefined,
  doing: 'edit' | 'evaluate',
): Refusal<'NOT_FOUND'> | Refusal<'INVALID_STATE', { state: 'evaluated' }> | null {
  if (!record) return { refused: 'NOT_FOUND', why: 'service record not found' };
  if (record.evaluatedAt === null) return null;
  return {
    refused: 'INVALID_STATE',
    state: 'evaluated',
    why: doing === 'edit' ? 'an evaluated record is kept as it was' : 'this record is evaluated already',
  };
}
