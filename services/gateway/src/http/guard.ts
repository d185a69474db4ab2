import type { FastifyRequest } from 'fastify';
import type { Caller } from '@voucher/contracts';
import { assertMayCall } from './access.ts';
import type { Authenticator } from './auth.ts';
import { routeAccess, type RouteAccess, type RouteKey } from './route-access.ts';
import type { FixedWindowLimiter, Limit, Limits } from './rate-limit.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the route signs its caller in, and the sign-in counts the IP budget in the same Redis call */
    signedIn?: boolean;
  }
}

/** Marks a route that always signs in; table routes get it from `registerRoutes`. */
export const signedInRouteConfig = { signedIn: true } as const;

export interface GuardDeps {
  authenticator: Authenticator;
  limiter: FixedWindowLimiter;
  limits: Limits;
}

/**
 * Verifies the bearer token, counts the request against the IP and user
 * budgets (DOMAIN §10), and attaches the caller to the request and its log
 * lines: the one sign-in step of every authenticated route, table-driven or
 * hand-written. Throws 401 (`UNAUTHENTICATED`, `TOKEN_REVOKED`) or 429.
 */
export async function authenticateRequest(
  request: FastifyRequest,
  deps: GuardDeps,
  classLimit?: Limit,
): Promise<Caller> {
  // the app-wide hook counted the IP of a route without the mark; a marked one counts it here
  const countIp = request.routeOptions.config.signedIn === true;
  const caller = await deps.authenticator.authenticate(request.headers.authorization, {
    ip: request.ip,
    countIp,
    classLimit,
  });
  request.caller = caller;
  request.log = request.log.child({ userId: caller.userId });
  return caller;
}

/**
 * The guard of a signed-in route, from its row of the route access table:
 * sign in, then 403 for a role (or a staff menu) the row does not list. It
 * runs on the request, before the body is even parsed: strangers learn
 * nothing about a route's input.
 */
export function routeGuard(deps: GuardDeps, access: RouteAccess, classLimit?: Limit) {
  const { roles, menu } = access;
  if (roles === 'public') throw new Error('a public route has no guard');
  return async (request: FastifyRequest): Promise<void> => {
    const caller = await authenticateRequest(request, deps, classLimit);
    assertMayCall(caller, roles, menu);
  };
}

/** A hand-written route's options for its row of the route access table: signed in, and its roles checked. */
export function guardedBy(deps: GuardDeps, key: RouteKey) {
  return { config: signedInRouteConfig, onRequest: routeGuard(deps, routeAccess[key]) };
}
