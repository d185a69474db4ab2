import { z } from 'zod';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  deadLetterCommands,
  deadLetterDiscardSchema,
  deadLetterKeepers,
  deadLetterSeqSchema,
} from '@voucher/contracts';
import { describeAccess } from '../http/access.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { guardedBy, type GuardDeps } from '../http/guard.ts';
import { routeAccess } from '../http/route-access.ts';
import { requestContext } from '../http/request-tracing.ts';
import type { RouteDeps } from '../http/route-table.ts';

/** The service whose dead letters are meant: one that runs durable consumers (a 400 for any other name). */
const serviceParams = z.object({ service: z.enum(deadLetterKeepers) });
const seqParams = serviceParams.extend(deadLetterSeqSchema.shape);
/** optional: an empty body (a bare POST) discards without a reason */
const discardBody = deadLetterDiscardSchema.pick({ reason: true }).nullish();
/** Every service's commands share their schemas: the first's describe them all in the docs. */
const shape = deadLetterCommands(deadLetterKeepers[0]);

/**
 * Issue 19 item 4: the dead letters of every service that parks them, for
 * administrators: one set of routes naming the service, each forwarding to
 * that service's own command (libs/runtime answers them in every service).
 */
export function deadLetterRoutes(deps: GuardDeps & Pick<RouteDeps, 'bus'>): FastifyPluginAsync {
  return async (app) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const errors = { '4xx': errorEnvelopeSchema, '5xx': errorEnvelopeSchema };
    const security = [{ bearerAuth: [] }];

    typed.get(
      '/admin/dead-letters/:service',
      {
        schema: {
          tags: ['admin'],
          summary:
            'The dead letters of a service, oldest first: each with its consumer, the event’s type and id, when it ' +
            'was published and parked, its deliveries, the last failure and, for a replay that failed again, what ' +
            'administrators did to the dead letter it came from; never the event’s data (personal data)',
          description: describeAccess(routeAccess['GET /admin/dead-letters/:service']),
          security,
          params: serviceParams,
          querystring: shape.list.request,
          response: { 200: shape.list.reply, ...errors },
        },
        ...guardedBy(deps, 'GET /admin/dead-letters/:service'),
      },
      async (request) =>
        deps.bus.request(deadLetterCommands(request.params.service).list, request.query, requestContext(request)),
    );

    typed.post(
      '/admin/dead-letters/:service/:seq/replay',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Replay a dead letter: its event goes again to the consumer that failed (the same event id: the others ' +
            'skip it), once, and the dead letter is removed; audited. 404 NOT_FOUND once it is gone (replayed or ' +
            'discarded already, or never there); 409 INVALID_STATE for one the service cannot republish',
          description: describeAccess(routeAccess['POST /admin/dead-letters/:service/:seq/replay']),
          security,
          params: seqParams,
          response: { 200: shape.replay.reply, ...errors },
        },
        ...guardedBy(deps, 'POST /admin/dead-letters/:service/:seq/replay'),
      },
      async (request) =>
        deps.bus.request(
          deadLetterCommands(request.params.service).replay,
          { seq: request.params.seq },
          requestContext(request),
        ),
    );

    typed.post(
      '/admin/dead-letters/:service/:seq/discard',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Discard a dead letter: it is removed without replay, with an optional reason; audited. 404 NOT_FOUND ' +
            'once it is gone (replayed or discarded already, or never there)',
          description: describeAccess(routeAccess['POST /admin/dead-letters/:service/:seq/discard']),
          security,
          params: seqParams,
          body: discardBody,
          response: { 200: shape.discard.reply, ...errors },
        },
        ...guardedBy(deps, 'POST /admin/dead-letters/:service/:seq/discard'),
      },
      async (request) =>
        deps.bus.request(
          deadLetterCommands(request.params.service).discard,
          { seq: request.params.seq, ...request.body },
          requestContext(request),
        ),
    );
  };
}
