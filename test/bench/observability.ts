// Issue 19's target: metrics and tracing together cost at most 5% of the
// reservation intake and of the payments per second, each measured beside the
// same benchmark without instrumentation in the same run (the floor here).
// Instrumented means what production runs: every process serving its metrics,
// scraped as deploy/observability/prometheus.yml scrapes them (every 15 s, the
// first at once), and every span exported over OTLP/HTTP to a collector (a
// sink that takes and drops them).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadPlatform } from './load-platform.ts';
import { measureIntake } from './reservations.ts';
import { walletUnderLoad } from './wallet.ts';
import { METRICS_SERVICES } from '../../scripts/platform.mjs';

const ROUNDS = Number(process.env.BENCH_OBSERVABILITY_ROUNDS ?? 2);
const INTAKE_ENTERPRISES = 40_000;
const PAYMENT_VOUCHERS = 2_000;
const WARM_UP_SECONDS = 3;
const GATEWAY_PORT = 18_970;
const METRICS_BASE = 19_101;
const UNINSTRUMENTED = { OTEL_SDK_DISABLED: 'true' };
/** deploy/observability/prometheus.yml's scrape_interval */
const SCRAPE_INTERVAL_MS = 15_000;

/** An OTLP/HTTP endpoint that reads and drops what it is sent, as a collector elsewhere would take it. */
async function spanSink(): Promise<{ endpoint: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Scrapes every port's /metrics every SCRAPE_INTERVAL_MS, as Prometheus would, until stopped. */
function scraping(ports: number[]): () => Promise<void> {
  const scrape = () =>
    Promise.all(ports.map((port) => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text())));
  let last = scrape();
  const timer = setInterval(() => (last = scrape()), SCRAPE_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await last;
  };
}

const cost = (off: number, on: number) => +((1 - on / off) * 100).toFixed(1);

/** What each side runs with: nothing, metrics alone, tracing alone (exported), both (what production runs). */
type Side = 'off' | 'metrics' | 'tracing' | 'both';
const SIDES: Side[] = ['off', 'metrics', 'tracing', 'both'];

export async function run(): Promise<object> {
  const sink = await spanSink();
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_BSP_SCHEDULE_DELAY: '1000' };
  const envOf = (side: Side): Record<string, string> =>
    side === 'off' || side === 'metrics' ? UNINSTRUMENTED : tracing;
  const scraped = (side: Side) => side === 'metrics' || side === 'both';
  try {
    // the intake through the gateway, the sides in turn, so that drift in the machine falls on each
    const intake = Object.fromEntries(SIDES.map((side) => [side, { rps: [] as number[], p99: [] as number[] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of SIDES) {
        const p = await loadPlatform(
          `benchobs${round}${side}`,
          GATEWAY_PORT,
          envOf(side),
          scraped(side) ? { metricsPort: METRICS_BASE } : {},
        );
        try {
          const stop = scraped(side)
            ? scraping(METRICS_SERVICES.map((_: string, i: number) => METRICS_BASE + i))
            : undefined;
          const { intake: r } = await measureIntake(p, INTAKE_ENTERPRISES);
          await stop?.();
          intake[side]!.rps.push(r.requestsPerSecond);
          intake[side]!.p99.push(r.p99Ms);
        } finally {
          await p.close();
        }
      }
    }

    // payments over the bus, a wallet of its own each time
    const payments = Object.fromEntries(SIDES.map((side) => [side, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of SIDES) {
        const w = await walletUnderLoad(`benchobspay${round}${side}`, PAYMENT_VOUCHERS, {
          ...envOf(side),
          ...(scraped(side) ? { METRICS_PORT: '0' } : {}),
        });
        try {
          // this process both pays and answers: warmed up first, or the later sides would run on hotter code
          await w.payments(WARM_UP_SECONDS);
          const stop = scraped(side) ? scraping([w.service.metricsPort!]) : undefined;
          const r = await w.payments();
          await stop?.();
          payments[side]!.push(r.perSecond);
        } finally {
          await w.close();
        }
      }
    }
    const best = (xs: number[]) => Math.max(...xs);
    const intakeCost = cost(best(intake.off!.rps), best(intake.both!.rps));
    const paymentsCost = cost(best(payments.off!), best(payments.both!));
    return {
      at: new Date().toISOString(),
      target: 'metrics and tracing together cost ≤ 5% of the intake and of the payments per second (issue 19)',
      rounds: ROUNDS,
      // the best of each side's rounds: noise on two cores only ever slows a run down
      intake: {
        requestsPerSecond: intake,
        best: Object.fromEntries(SIDES.map((side) => [side, best(intake[side]!.rps)])),
        costPercent: Object.fromEntries(
          SIDES.map((side) => [side, cost(best(intake.off!.rps), best(intake[side]!.rps))]),
        ),
        ratio: +(best(intake.both!.rps) / best(intake.off!.rps)).toFixed(3),
      },
      payments: {
        perSecond: payments,
        best: Object.fromEntries(SIDES.map((side) => [side, best(payments[side]!)])),
        costPercent: Object.fromEntries(SIDES.map((side) => [side, cost(best(payments.off!), best(payments[side]!))])),
        ratio: +(best(payments.both!) / best(payments.off!)).toFixed(3),
      },
      met: intakeCost <= 5 && paymentsCost <= 5,
    };
  } finally {
    sink.server.close();
  }
}
