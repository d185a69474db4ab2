import { describe, expect, it } from 'vitest';
import { isSpanContextValid, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { startTracing } from '../src/index.ts';

const parent = (flags: TraceFlags) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: flags,
    isRemote: true,
  });

describe('which traces are recorded (issue 19)', () => {
  it('records every trace by default, whatever flag the client sent where requests enter', () => {
    const { tracer } = startTracing({ service: 'gateway', decidesRecording: true });
    expect(tracer.startSpan('new').isRecording()).toBe(true);
    expect(tracer.startSpan('unsampled by the client', {}, parent(TraceFlags.NONE)).isRecording()).toBe(true);
  });

  it('records none at a share of 0, yet every span keeps ids for the logs and messages', () => {
    const { tracer } = startTracing({ service: 'gateway', recordedShare: 0, decidesRecording: true });
    const span = tracer.startSpan('new');
    expect(span.isRecording()).toBe(false);
    expect(isSpanContextValid(span.spanContext())).toBe(true);
    expect(tracer.startSpan('sampled by the client', {}, parent(TraceFlags.SAMPLED)).isRecording()).toBe(false);
  });

  it('follows the decision a request arrived with behind the gateway, so a trace is recorded whole or not at all', () => {
    const { tracer } = startTracing({ service: 'wallet' });
    expect(tracer.startSpan('recorded upstream', {}, parent(TraceFlags.SAMPLED)).isRecording()).toBe(true);
    const skipped = tracer.startSpan('not recorded upstream', {}, parent(TraceFlags.NONE));
    expect(skipped.isRecording()).toBe(false);
    expect(skipped.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
