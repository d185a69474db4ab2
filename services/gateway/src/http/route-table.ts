import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Bus } from '@voucher/bus';
import type { Caller, CommandDef, ReplyOf, RequestOf } from '@voucher/contracts';
import { describeAccess } from './access.ts';
import type { Authenticator } from './auth.ts';
import { errorEnvelopeSchema } from './errors.ts';
import { routeGuard, signedInRouteConfig } from './guard.ts';
import { accessOf } from './route-access.ts';
import { requestContext } from './request-tracing.ts';
import { checkLimitClass, type FixedWindowLimiter, type LimitClass, type Limits } from './rate-limit.ts';
import { RefusalMemory, type SharedRefusal } from './shared-refusals.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the route's guard on every non-public route */
    caller?: Caller;
  }
}

type SuccessStatus = 200 | 201 | 202 | 204;

/** What a route's `payload` builds the command from: the validated request parts. */
interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller | undefined;
  /** the request's headers, for the few a command needs (Idempotency-Key) */
  headers: FastifyRequest['headers'];
}

/**
 * One row of a route table: an HTTP route that forwards to one bus command.
 * The gateway's own work (limits, validation, status) is declared here, who
 * may call it in the route access table (route-access.ts); the business
 * rules, ownership included, stay in the owning service.
 */
export interface RouteDef<
  C extends CommandDef = CommandDef,
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** below `/api/v1` */
  url: string;
  tags: string[];
  summary: string;
  limit?: LimitClass;
  params?: P;
  query?: Q;
  body?: B;
  command: C;
  // method syntax on purpose: a table holds rows of different commands
  payload(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): RequestOf<C>;
  /** 200 unless stated: 201 creates, 202 accepted for later, 204 answers nothing */
  status?: SuccessStatus;
  /**
   * For the few routes whose HTTP answer is more than the command's reply
   * (the session cookie of the auth routes): what the body becomes, with its
   * schema for the docs, and any header set on the way.
   */
  answer?: {
    schema: z.ZodType;
    send(data: ReplyOf<C>, request: FastifyRequest, reply: FastifyReply): unknown;
  };
  /** a refusal of the service's that holds for every caller for a while, answered again by the gateway */
  sharedRefusal?: SharedRefusal<RouteInput<z.output<P>, z.output<Q>, z.output<B>>>;
}

/** The client's Idempotency-Key header, for a money route that answers a retry with its first result. */
export function idempotencyKeyOf(headers: FastifyRequest['headers']): string | undefined {
  const v = headers['idempotency-key'];
  return Array.isArray(v) ? v[0] : v;
}

/** Declares one row; only here so TypeScript infers the payload's input from the schemas. */
export function route<
  C extends CommandDef,
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
>(def: RouteDef<C, P, Q, B>): RouteDef<C, P, Q, B> {
  return def;
}

export interface RouteDeps {
  bus: Bus;
  authenticator: Authenticator;
  limiter: FixedWindowLimiter;
  limits: Limits;
}

/** The account a login tries, so the login limit also counts per account (DOMAIN §10). */
function accountOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { account, mobile } = body as { account?: unknown; mobile?: unknown };
  if (typeof account === 'string') return account;
  return typeof mobile === 'string' ? mobile : undefined;
}

const noContentSchema = z.null().describe('No content');

function fastifyRoute(def: RouteDef, deps: RouteDeps): RouteOptions {
  const status = def.status ?? 200;
  const access = accessOf(def.method, def.url);
  const limit = def.limit;
  const refusals = def.sharedRefusal && new RefusalMemory(def.sharedRefusal);
  const options: RouteOptions = {
    method: def.method,
    url: def.url,
    schema: {
      tags: def.tags,
      summary: def.summary,
      description: `${describeAccess(access)}${limit ? ` Rate limit class: ${limit}.` : ''}`,
      security: access.roles === 'public' ? [] : [{ bearerAuth: [] }],
      ...(def.params && { params: def.params }),
      ...(def.query && { querystring: def.query }),
      ...(def.body && { body: def.body }),
      response: {
        [status]: status === 204 ? noContentSchema : (def.answer?.schema ?? def.command.reply),
        '4xx': errorEnvelopeSchema,
        '5xx': errorEnvelopeSchema,
      },
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const input = {
        params: request.params,
        query: request.query,
        body: request.body,
        caller: request.caller,
        headers: request.headers,
      };
      // after the guard and validation: a remembered refusal never answers before a 401, 403 or 400 would
      const remembered = refusals?.recall(input);
      if (remembered) throw remembered;
      let data: ReplyOf<CommandDef>;
      try {
        data = await deps.bus.request(def.command, def.payload(input), requestContext(request));
      } catch (err) {
        refusals?.learn(input, err);
        throw err;
      }
      reply.code(status);
      const body = def.answer ? def.answer.send(data, request, reply) : data;
      return status === 204 ? reply.send() : body;
    },
  };
  if (limit === 'pin' && access.roles === 'public')
    throw new Error(`${def.method} ${def.url}: a PIN route signs its caller in`);
  if (access.roles !== 'public') {
    options.config = signedInRouteConfig;
    // a PIN route's per-user budget is counted in the same Redis round trip as the sign-in
    options.onRequest = routeGuard(deps, access, limit === 'pin' ? deps.limits.pin : undefined);
  }
  if (limit && limit !== 'pin') {
    // after validation, so the login limit can count the account the body names
    options.preHandler = async (request) => {
      await checkLimitClass(deps.limiter, deps.limits, limit, {
        ip: request.ip,
        account: limit === 'login' ? accountOf(request.body) : undefined,
      });
    };
  }
  return options;
}

/** Registers a route table on the (prefixed) Fastify scope. */
export function registerRoutes(app: FastifyInstance, routes: readonly RouteDef[], deps: RouteDeps): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const def of routes) typed.route(fastifyRoute(def, deps));
}
