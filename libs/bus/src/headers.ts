import type { Context } from '@opentelemetry/api';
import type { Caller } from '@voucher/contracts';

/** What travels with a request besides its payload (ARCHITECTURE A4). */
export interface RequestContext {
  requestId: string;
  caller?: Caller;
  /**
   * The gateway's signed assertion of `caller`, as the request arrived with
   * it. A service that calls another for the same user passes its context on,
   * and with it this assertion: only the gateway can mint one (A7).
   */
  callerAssertion?: string;
  /**
   * The trace the request's work is in (issue 19): the gateway's span for an
   * HTTP request, a handler's own span for the requests it makes. Passing the
   * context on passes it on; none starts a new trace where it is answered.
   */
  trace?: Context;
}

/** What caused an event, kept with it in the outbox: the request and its trace (A5, issue 19). */
export interface EventCause {
  requestId?: string;
  trace?: Context;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** The platform acting on its own (DOMAIN §1 `scheduler`): timed jobs and a saga's own steps. */
export const isSystemCaller = (caller: Caller | undefined): boolean => caller?.role === 'scheduler';
