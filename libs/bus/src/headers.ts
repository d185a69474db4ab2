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
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** The platform acting on its own (DOMAIN §1 `scheduler`): timed jobs and a saga's own steps. */
export const isSystemCaller = (caller: Caller | undefined): boolean => caller?.role === 'scheduler';
