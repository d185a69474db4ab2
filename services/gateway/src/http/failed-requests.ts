import type { FastifyInstance } from 'fastify';
import type { OperationsStore } from '../store/operations.ts';
import { TRACE_ID_HEADER } from './request-tracing.ts';

/**
 * Issue 19 item 4: a request the gateway answered with a 5xx is the one a
 * user reports, naming the request id the answer carried; the operator looks
 * it up in the console and follows its trace. Only failures are kept (one
 * SET with a day's expiry), and only the route template, never the path,
 * which may name a mobile or someone's record.
 */
export function recordFailedRequests(app: FastifyInstance, operations: OperationsStore): void {
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode < 500) return;
    // the trace the answer named (none when tracing is off): the span itself has ended by now
    const traceId = reply.getHeader(TRACE_ID_HEADER);
    await operations
      .recordFailedRequest({
        requestId: request.id,
        traceId: typeof traceId === 'string' ? traceId : null,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        at: new Date().toISOString(),
      })
      .catch((err: Error) => request.log.warn({ err }, 'failed request not recorded'));
  });
}
