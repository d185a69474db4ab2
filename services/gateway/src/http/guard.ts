import type { FastifyRequest } from 'fastify';
import type { Caller } from '@voucher/contracts';
import type { Authenticator } from './auth.ts';
import type { FixedWindowLimiter, Limits } from './rate-limit.ts';

export interface GuardDeps {
  authenticator: Authenticator;
  limiter: FixedWindowLimiter;
  limits: Limits;
}

/**
 * Verifies the bearer token and attaches the caller to the request and its
 * log lines: the one sign-in step of every authenticated route, table-driven
 * or hand-written (files). Throws 401 (`UNAUTHENTICATED`, `TOKEN_REVOKED`).
 */
export async function authenticateRequest(request: FastifyRequest, deps: GuardDeps): Promise<Caller> {
  const caller = await deps.authenticator.authenticate(request.headers.authorization);
  request.caller = caller;
  request.log = request.log.child({ userId: caller.userId });
  return caller;
}

/** Counts the request against the signed-in user's budget (DOMAIN §10). */
export function hitUserLimit(caller: Caller, deps: GuardDeps): Promise<void> {
  return deps.limiter.hit(deps.limits.user, caller.userId);
}
