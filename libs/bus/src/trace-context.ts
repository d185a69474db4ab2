import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/transport-node';

const natsHeaders: TextMapGetter<MsgHdrs | undefined> = {
  get: (h, key) => h?.get(key) || undefined,
  keys: (h) => (h ? h.keys() : []),
};

/** The trace of the work at hand into a request's NATS headers (W3C `traceparent`, issue 19). */
export function injectTrace(h: MsgHdrs): void {
  propagation.inject(context.active(), h, { set: (carrier, key, value) => carrier.set(key, value) });
}

/** The trace of the work at hand as headers to keep with an outbox row, so its event joins the trace. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The trace a message arrived in, to continue it (none: a new trace starts). */
export function remoteTrace(h: MsgHdrs | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, h, natsHeaders);
}

/**
 * Runs `work` in a span of its own, child of `parent`: the active span for
 * everything it awaits, so its requests, events and log lines carry the
 * trace. `outcome` reads what came of it: a failure of the platform marks
 * the span an error; a business refusal is an attribute, not an error.
 */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  { kind, parent, attributes }: { kind: SpanKind; parent: Context; attributes: Attributes },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } finally {
    span.end();
  }
}

/** Marks a span by the outcome of its work: `ok`, a refusal's code, or a failure. */
export function markOutcome(span: Span, outcome: string, failed: boolean): void {
  span.setAttribute('voucher.outcome', outcome);
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
}

export { SpanKind };
