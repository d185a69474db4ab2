import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { appendEvent, startConsumer } from '@voucher/bus';
import { startTracing } from '@voucher/tracing';
import { otlpReceiver, type OtlpReceiver } from '@voucher/testing';
import type { RunningService } from '../src/index.ts';
import { slowCommand, slowFinished } from './fixtures/messages.ts';
import { fixtureBus, type FixtureBus } from './harness.ts';

const CONSUMER = 'scheduler-tracingtest';

let world: FixtureBus;
let receiver: OtlpReceiver;
let service: RunningService;
/** the bindings of the loggers the command's handler and the event's consumer were given */
const logged: { command: Record<string, unknown>[]; consumer: Record<string, unknown>[] } = {
  command: [],
  consumer: [],
};
const clientTracing = () => startTracing({ service: 'test-client', endpoint: receiver.endpoint, batchDelayMs: 50 });

beforeAll(async () => {
  receiver = await otlpReceiver();
  world = await fixtureBus('tracing', {
    service: 'scheduler',
    commands: [slowCommand],
    consumer: { name: CONSUMER, events: [slowFinished] },
  });
  service = await world.start(
    {
      name: 'scheduler',
      async register({ bus, db }) {
        bus.handle(slowCommand, async ({ ms }, ctx) => {
          logged.command.push(ctx.log.bindings());
          // the handler's context is the event's cause: the event carries the command's trace on
          await db.transaction().execute((trx) => appendEvent(trx, slowFinished, { ms }, ctx));
          return { done: true };
        });
        const consumer = await startConsumer({
          bus,
          db,
          name: CONSUMER,
          event: slowFinished,
          handle: async (_event, _trx, log) => void logged.consumer.push(log.bindings()),
        });
        return { consumers: [consumer] };
      },
    },
    { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '50' },
  );
});
afterAll(async () => {
  await service?.stop();
  await world.close();
  await receiver.stop();
});

describe('traces across NATS (issue 19)', () => {
  it("continues the caller's trace in the command it sent and in the event that command recorded", async () => {
    const tracing = clientTracing();
    // the trace travels by hand, in the request's context
    const span = tracing.tracer.startSpan('caller');
    await world.gateway.request(
      slowCommand,
      { ms: 7 },
      { requestId: 'traced', trace: trace.setSpan(ROOT_CONTEXT, span) },
    );
    span.end();
    const { traceId, spanId } = span.spanContext();
    await tracing.shutdown();
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    await expect
      .poll(
        () =>
          inTrace()
            .map((s) => s.name)
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual(['caller', CONSUMER, slowCommand.subject].sort());
    const command = inTrace().find((s) => s.name === slowCommand.subject)!;
    const consumed = inTrace().find((s) => s.name === CONSUMER)!;
    // the service's span is the caller's child; the event's handling, the command's
    expect(command).toMatchObject({ service: 'scheduler', parentSpanId: spanId, kind: 2 });
    expect(command.attributes).toMatchObject({ 'voucher.outcome': 'ok', 'voucher.request_id': 'traced' });
    expect(consumed).toMatchObject({ service: 'scheduler', parentSpanId: command.spanId, kind: 5 });
    // every line the handler and the consumer log names the trace
    expect(logged.command.at(-1)).toMatchObject({ requestId: 'traced', trace_id: traceId });
    expect(logged.consumer.at(-1)).toMatchObject({ requestId: 'traced', trace_id: traceId });
  });

  it('starts a trace of its own for a request that came with none', async () => {
    const before = new Set(receiver.spans.map((s) => s.traceId));
    await world.gateway.request(slowCommand, { ms: 8 }, { requestId: 'untraced' });
    await expect
      .poll(() => receiver.spans.find((s) => s.attributes['voucher.request_id'] === 'untraced'), { timeout: 10_000 })
      .toMatchObject({ parentSpanId: '', name: slowCommand.subject });
    const started = receiver.spans.find((s) => s.attributes['voucher.request_id'] === 'untraced')!;
    expect(before.has(started.traceId)).toBe(false);
  });
});
