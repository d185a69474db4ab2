import { propagation, trace, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';

export interface Tracing {
  /** this process's tracer: the bus's spans, the gateway's, a service's own */
  tracer: Tracer;
  /** sends what is buffered and stops (shutdown's last steps) */
  shutdown(): Promise<void>;
}

let installed = false;

/**
 * W3C trace context in the process (issue 19): `traceparent` is the header a
 * trace travels in, over HTTP and NATS alike. No context manager: the work
 * carries its trace by hand (the bus's RequestContext), as AsyncLocalStorage
 * would cost a hook on every promise. Installed once per process (tests run
 * several services in one).
 */
function installPropagation(): void {
  if (installed) return;
  installed = true;
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/**
 * Which traces are recorded: where requests enter, a share of trace ids
 * (all of them at 1), so a client's traceparent may continue its trace but
 * never switch recording on or off; behind it, what the request arrived with,
 * so a trace is recorded whole or not at all. Work that starts in a process
 * (a timed job's command) is a new trace, decided by the same share.
 */
function samplerOf(share: number, decides: boolean): Sampler {
  const byTraceId = share >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(share);
  return decides ? byTraceId : new ParentBasedSampler({ root: byTraceId });
}

/**
 * One process's tracing (issue 19). Spans always get ids, so every log line
 * and every message names its trace; they leave the process only with an
 * OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`, OTLP over HTTP), in batches
 * off the request path. `disabled` (`OTEL_SDK_DISABLED=true`) makes every
 * span a no-op: the benchmarks' uninstrumented baseline.
 */
export function startTracing({
  service,
  endpoint,
  batchDelayMs,
  recordedShare = 1,
  decidesRecording = false,
  disabled = false,
}: {
  service: string;
  endpoint?: string | undefined;
  batchDelayMs?: number;
  /** the share of new traces recorded (`OTEL_TRACES_SAMPLER_ARG`) */
  recordedShare?: number;
  /** true where requests enter (the gateway): the decision is made here, by trace id, not by the client's flag */
  decidesRecording?: boolean;
  disabled?: boolean;
}): Tracing {
  if (disabled) return { tracer: trace.getTracer('disabled'), shutdown: async () => undefined };
  installPropagation();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    sampler: samplerOf(recordedShare, decidesRecording),
    spanProcessors: endpoint
      ? [
          new BatchSpanProcessor({
            exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
            ...(batchDelayMs ? { scheduledDelayMillis: batchDelayMs } : {}),
          }),
        ]
      : [],
  });
  return { tracer: provider.getTracer(service), shutdown: () => provider.shutdown() };
}
