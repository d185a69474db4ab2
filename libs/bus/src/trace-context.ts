import {
  isSpanContextValid,
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

// Issue 19: the trace travels by hand, in the RequestContext and an event's
// cause, never in AsyncLocalStorage: on Node 20 that store costs a hook on
// every promise of the process, most of the cost of tracing the intake.

const natsHeaders: TextMapGetter<MsgHdrs | undefined> = {
  get: (h, key) => h?.get(key) || undefined,
  keys: (h) => (h ? h.keys() : []),
};

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';
/** W3C trace context, version 00: `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>` */
const TRACEPARENT_SHAPE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The `traceparent` of the span `work` is in, written here rather than by the
 * W3C propagator, which costs several times as much per request (the
 * observability benchmark's profiles); a trace state, which only other
 * vendors' tools set, goes the propagator's way.
 */
function traceparentOf(work: Context): { value: string } | 'propagator' | undefined {
  const ids = trace.getSpanContext(work);
  if (!ids || !isSpanContextValid(ids)) return undefined;
  if (ids.traceState) return 'propagator';
  return { value: `00-${ids.traceId}-${ids.spanId}-0${(ids.traceFlags & 1).toString(16)}` };
}

/** The trace `work` is in, into a request's NATS headers (W3C `traceparent`); none: the receiver starts one. */
export function injectTrace(h: MsgHdrs, work: Context | undefined): void {
  if (!work) return;
  const parent = traceparentOf(work);
  if (parent === 'propagator') propagation.inject(work, h, { set: (carrier, key, value) => carrier.set(key, value) });
  else if (parent) h.set(TRACEPARENT, parent.value);
}

/** The trace `work` is in, as headers to keep with an outbox row, so its event joins the trace. */
export function traceHeaders(work: Context | undefined): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (!work) return carrier;
  const parent = traceparentOf(work);
  if (parent === 'propagator') propagation.inject(work, carrier);
  else if (parent) carrier[TRACEPARENT] = parent.value;
  return carrier;
}

/** The trace a message arrived in, to continue it (none, or one not well formed: a new trace starts). */
export function remoteTrace(h: MsgHdrs | undefined): Context {
  const parent = h?.get(TRACEPARENT);
  if (!parent) return ROOT_CONTEXT;
  if (h!.get(TRACESTATE)) return propagation.extract(ROOT_CONTEXT, h, natsHeaders);
  const ids = TRACEPARENT_SHAPE.exec(parent);
  if (!ids) return ROOT_CONTEXT;
  const remote = { traceId: ids[1]!, spanId: ids[2]!, traceFlags: parseInt(ids[3]!, 16), isRemote: true };
  return isSpanContextValid(remote) ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
}

/** A span and the trace its work is in: what the work passes on to the requests and events it makes. */
export interface SpanAtWork {
  span: Span;
  trace: Context;
}

/** Starts the span of a piece of work, child of `parent`; the caller ends it. */
export function startWork(
  tracer: Tracer,
  name: string,
  { kind, parent, attributes }: { kind: SpanKind; parent: Context; attributes: Attributes },
): SpanAtWork {
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  return { span, trace: trace.setSpan(parent, span) };
}

/** The trace id a log line names, when the span has one (tracing off and nothing arrived: none). */
export function traceIdOf(span: Span): string | undefined {
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? ids.traceId : undefined;
}

/** Marks a span by the outcome of its work: `ok`, a refusal's code, or a failure. */
export function markOutcome(span: Span, outcome: string, failed: boolean): void {
  span.setAttribute('voucher.outcome', outcome);
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
}

export { SpanKind };
