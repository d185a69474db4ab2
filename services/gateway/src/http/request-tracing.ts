import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { RequestContext } from '@voucher/bus';

declare module 'fastify' {
  interface FastifyRequest {
    /** the request's span and the trace it is in (issue 19) */
    trace?: { span: Span; context: Context };
  }
}

/** The response header that names a request's trace, for the operator's link to it (issue 19). */
export const TRACE_ID_HEADER = 'x-trace-id';

/**
 * A span for every HTTP request (issue 19), in the trace of the `traceparent`
 * the client sent or in a new one; the answer names the trace (`x-trace-id`),
 * and so do the request's log lines. The trace goes on by hand: the bus
 * requests a route makes take it from `requestContext`.
 */
export function traceRequests(app: FastifyInstance, tracer: Tracer): void {
  // named: the observability benchmark finds them in CPU profiles
  app.addHook('onRequest', function openRequestSpan(request, reply, done) {
    // most clients send none: the root context then, without parsing headers for it
    const parent = request.headers.traceparent ? propagation.extract(ROOT_CONTEXT, request.headers) : ROOT_CONTEXT;
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': route, 'voucher.request_id': request.id },
      },
      parent,
    );
    request.trace = { span, context: trace.setSpan(parent, span) };
    const ids = span.spanContext();
    if (isSpanContextValid(ids)) {
      if (span.isRecording()) reply.header(TRACE_ID_HEADER, ids.traceId);
      // lazy: the child is made only if the request logs
      request.log = request.log.child({ trace_id: ids.traceId });
    }
    done();
  });
  app.addHook('onResponse', function closeRequestSpan(request, reply, done) {
    const span = request.trace?.span;
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}

/** What a route's bus requests carry: the request id, the caller when signed in, and the request's trace. */
export function requestContext(request: FastifyRequest): RequestContext {
  const ctx: RequestContext = { requestId: request.id };
  if (request.caller) ctx.caller = request.caller;
  if (request.trace) ctx.trace = request.trace.context;
  return ctx;
}
