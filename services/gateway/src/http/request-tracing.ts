import type { FastifyInstance } from 'fastify';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

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
 * the client sent or in a new one; the answer names the trace (`x-trace-id`).
 * The handler runs with it active, so the bus requests it makes carry it on
 * and its log lines name it (the logger's mixin). It is entered there, after
 * the body is parsed on the socket's callbacks, and only there: what comes
 * before (the rate limit, the sign-in) asks nobody over the bus, and each
 * entry costs the intake (the observability benchmark).
 */
export function traceRequests(app: FastifyInstance, tracer: Tracer): void {
  app.addHook('onRequest', (request, reply, done) => {
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
    if (span.isRecording()) reply.header(TRACE_ID_HEADER, span.spanContext().traceId);
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.trace) context.with(request.trace.context, done);
    else done();
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = request.trace?.span;
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
