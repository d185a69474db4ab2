import { describe, expect, it } from 'vitest';
import { propagation, ROOT_CONTEXT, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { injectTrace, remoteTrace, traceHeaders } from '../src/trace-context.ts';

// the process's tracing installs it (libs/tracing); the trace state goes its way
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

const ids: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};
const working = (span: SpanContext = ids) => trace.setSpanContext(ROOT_CONTEXT, span);
const arrivedWith = (fields: Record<string, string>) => {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(fields)) h.set(k, v);
  return trace.getSpanContext(remoteTrace(h));
};

describe('the trace travels in W3C traceparent (issue 19)', () => {
  it('writes the span the work is in as traceparent, in NATS headers and outbox headers alike', () => {
    const h = natsHeaders();
    injectTrace(h, working());
    expect(h.get('traceparent')).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(traceHeaders(working({ ...ids, traceFlags: TraceFlags.NONE }))).toEqual({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    });
  });

  it('continues the trace a message arrived in, as a remote parent with its sampling flag', () => {
    expect(arrivedWith({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toEqual({
      ...ids,
      isRemote: true,
    });
  });

  it('sends no trace for work outside one, and starts a new one for a message without one', () => {
    const h = natsHeaders();
    injectTrace(h, undefined);
    injectTrace(h, ROOT_CONTEXT);
    expect(h.has('traceparent')).toBe(false);
    expect(traceHeaders(undefined)).toEqual({});
    expect(arrivedWith({})).toBeUndefined();
  });

  it('ignores a traceparent that is not well formed: a new trace starts', () => {
    for (const traceparent of [
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01', // upper case
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01', // no trace id
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', // no span id
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', // no flags
      'garbage',
    ]) {
      expect(arrivedWith({ traceparent }), traceparent).toBeUndefined();
    }
  });

  it("keeps another vendor's trace state, in and out", () => {
    const arrived = arrivedWith({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=abc',
    });
    expect(arrived?.traceState?.get('vendor')).toBe('abc');
    expect(traceHeaders(working(arrived!))).toEqual({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=abc',
    });
  });
});
