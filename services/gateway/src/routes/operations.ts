import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, failedRequestViewSchema, operationsViewSchema, requestIdParamsSchema } from '@voucher/contracts';
import { describeAccess } from '../http/access.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { guardedBy, type GuardDeps } from '../http/guard.ts';
import { routeAccess } from '../http/route-access.ts';
import { operationsView } from '../operations/fleet-view.ts';
import type { OperationsStore } from '../store/operations.ts';

export interface OperationsDeps extends GuardDeps {
  operations: OperationsStore;
  /** TRACE_URL_TEMPLATE: where a trace is seen, `{traceId}` standing for its id; unset, no link */
  traceUrlTemplate: string | undefined;
}

/**
 * The operations console (issue 19 item 4), read by the gateway from Redis
 * alone: no service is asked, so the console answers while the bus does not.
 */
export function operationsRoutes(deps: OperationsDeps): FastifyPluginAsync {
  return async (app) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const errors = { '4xx': errorEnvelopeSchema, '5xx': errorEnvelopeSchema };
    typed.get(
      '/admin/operations',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Every process that reports itself, by service: each replica’s status (ok, degraded, or stale when its ' +
            'reports stopped; it disappears 15 s after its last), checks, version and uptime; per service the outbox ' +
            'backlog and, per durable consumer, the largest pending, ack pending and redelivered any replica read',
          description: describeAccess(routeAccess['GET /admin/operations']),
          security: [{ bearerAuth: [] }],
          response: { 200: operationsViewSchema, ...errors },
        },
        ...guardedBy(deps, 'GET /admin/operations'),
      },
      async () => operationsView(await deps.operations.fleetReports(), new Date()),
    );
    typed.get(
      '/admin/requests/:requestId',
      {
        schema: {
          tags: ['admin'],
          summary:
            'A request the gateway answered with a 5xx in the last 24 h, by its request id (the `x-request-id` ' +
            'answer header): its trace id, method, route template, status and time, and the link to its trace when ' +
            'TRACE_URL_TEMPLATE is set; 404 NOT_FOUND for any other id',
          description: describeAccess(routeAccess['GET /admin/requests/:requestId']),
          security: [{ bearerAuth: [] }],
          params: requestIdParamsSchema,
          response: { 200: failedRequestViewSchema, ...errors },
        },
        ...guardedBy(deps, 'GET /admin/requests/:requestId'),
      },
      async (request) => {
        const failed = await deps.operations.failedRequest(request.params.requestId);
        if (!failed) throw new AppError('NOT_FOUND', 'no failed request with this id in the last 24 hours');
        const traceUrl =
          deps.traceUrlTemplate && failed.traceId
            ? deps.traceUrlTemplate.replaceAll('{traceId}', failed.traceId)
            : null;
        return { ...failed, traceUrl };
      },
    );
  };
}
