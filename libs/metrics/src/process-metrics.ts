import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Seconds: a command answers in a few milliseconds, a draw's chunk or a
 * settlement export in seconds; above 10 s it is a timeout anyway.
 */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One process's metrics (issue 19): the process defaults (event loop lag,
 * memory, GC), the bus's commands and events, and whatever the process adds
 * (`gauge`, `counter`, `histogram`). Every series carries `service`; the
 * scraper adds the instance. Labels are names from the catalogue (subjects,
 * consumers, error codes, routes): never a user, an order or a voucher, so
 * the number of series stays bounded whatever the traffic.
 */
export class ProcessMetrics {
  readonly registry = new Registry();
  private readonly commandDuration: Histogram<'subject' | 'outcome'>;
  private readonly eventDuration: Histogram<'consumer' | 'outcome'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.commandDuration = this.histogram(
      'bus_command_duration_seconds',
      'Commands answered by this process, by subject and outcome (ok or the error code)',
      ['subject', 'outcome'],
    );
    this.eventDuration = this.histogram(
      'bus_event_duration_seconds',
      'Event deliveries handled by this process, by durable consumer and outcome',
      ['consumer', 'outcome'],
    );
  }

  /** A command answered: `outcome` is `ok` or the AppError code it refused with. */
  commandAnswered(subject: string, outcome: string, seconds: number): void {
    this.commandDuration.observe({ subject, outcome }, seconds);
  }

  /** One delivery of an event to a durable consumer, and what came of it (handled, duplicate, retried, dead_lettered). */
  eventHandled(consumer: string, outcome: string, seconds: number): void {
    this.eventDuration.observe({ consumer, outcome }, seconds);
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets: number[] = LATENCY_BUCKETS,
  ): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /**
   * A gauge read when scraped: `collect` sets it (a count in PostgreSQL, a
   * consumer's state in JetStream). A collect that fails or hangs reports no
   * value in that scrape (its labelled series left out, an unlabelled one
   * NaN) where a stale value or a 0 would mislead, and the scrape still
   * answers within `COLLECT_TIMEOUT_MS`.
   */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect?: (gauge: Gauge<L>) => Promise<void> | void,
  ): Gauge<L> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect
        ? {
            async collect(this: Gauge<L>) {
              this.reset();
              await withinCollectTime(Promise.resolve(collect(this))).catch(() => {
                // a series with labels is left out; one without has no absence, so it says NaN, not 0
                this.reset();
                if (labelNames.length === 0) this.set(NaN);
              });
            },
          }
        : {}),
    });
  }
}

const COLLECT_TIMEOUT_MS = 2_000;

function withinCollectTime(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('collect took too long')), COLLECT_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
