// Issue 19's target: metrics and tracing together cost at most 5% of the
// reservation intake and of the payments per second, each measured beside the
// same benchmark without instrumentation in the same run (the floor here).
// Instrumented means what production runs: every process serving its metrics,
// scraped as deploy/observability/prometheus.yml scrapes them (every 15 s, the
// first at once), and every span exported over OTLP/HTTP to a collector (a
// sink that takes and drops them).
//
// On two shared cores the machine's speed drifts by up to 30% over minutes,
// more than the cost measured: runs of a side one after the other differed by
// more than the sides did. So every side's platform is up at once, and the
// load visits them in turn, a few seconds each, many times (the order
// reversed every other time): each instrumented slice is compared with the
// floor's slice seconds away, and the cost is the median of those ratios. A
// third reading no drift moves: the share of the platform's CPU that went to
// instrumentation code in CPU profiles of an instrumented run.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadPlatform } from './load-platform.ts';
import { cpuShares, type CpuShares } from './cpu-shares.ts';
import { instrumentationIn, profileClockNow } from './instrumentation-share.ts';
import { intakeOn, measureIntake } from './reservations.ts';
import { walletUnderLoad } from './wallet.ts';
import { METRICS_SERVICES } from '../../scripts/platform.mjs';

const SLICES = Number(process.env.BENCH_OBSERVABILITY_SLICES ?? 16);
const SLICE_SECONDS = 3;
/** past OTEL_BSP_SCHEDULE_DELAY below: a slice's spans have left before the next side's slice starts */
const SETTLE_MS = 1_500;
const INTAKE_ENTERPRISES = 60_000;
const PAYMENT_VOUCHERS = 2_000;
const WARM_UP_SECONDS = 3;
/** each side's gateway at this port plus ten times its place, its metrics from METRICS_BASE plus twenty times */
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

const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percent = (part: number, whole: number) => +((part / whole) * 100).toFixed(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What each side runs with: nothing, metrics alone, tracing alone (every
 * trace recorded and exported), both (what production runs), and both with
 * one trace in ten recorded (`OTEL_TRACES_SAMPLER_ARG=0.1`).
 */
type Side = 'off' | 'metrics' | 'tracing' | 'both' | 'sampled';
const SIDE_NAMES: readonly Side[] = ['off', 'metrics', 'tracing', 'both', 'sampled'];
/**
 * The sides measured: the floor and the target's side by default. Each is a
 * whole platform, up at once, of some 35 PostgreSQL connections: a server's
 * default of 100 holds two and the load, so more sides (a comma list in
 * BENCH_OBSERVABILITY_SIDES, say `off,both,sampled`) need a larger one.
 */
const SIDES: Side[] = (process.env.BENCH_OBSERVABILITY_SIDES ?? 'off,both').split(',').map((name) => {
  if (!SIDE_NAMES.includes(name as Side)) throw new Error(`BENCH_OBSERVABILITY_SIDES: no side ${name}`);
  return name as Side;
});
if (!SIDES.includes('off')) SIDES.unshift('off');
const SAMPLED_SHARE = '0.1';
/** the sides with metrics and tracing together, each compared with the floor's slices beside its own */
const INSTRUMENTED = SIDES.filter((side) => side === 'both' || side === 'sampled');
/** the sides' order in a turn: reversed every other turn, so neither place always falls on the same side */
const orderOf = (turn: number): Side[] => (turn % 2 === 0 ? SIDES : [...SIDES].reverse());

/**
 * The rate of each side's slices, the load visiting the sides in turn: a
 * warm-up slice each first (not counted), then SLICES turns.
 */
async function interleaved(sliceOf: (side: Side, seconds: number) => Promise<number>) {
  const rates = Object.fromEntries(SIDES.map((side) => [side, [] as number[]])) as Record<Side, number[]>;
  for (const side of SIDES) await sliceOf(side, WARM_UP_SECONDS);
  for (let turn = 0; turn < SLICES; turn++) {
    for (const side of orderOf(turn)) {
      await sleep(SETTLE_MS);
      rates[side].push(await sliceOf(side, SLICE_SECONDS));
    }
  }
  return rates;
}

/** A path's rates by side and turn, and what they say of the cost of instrumentation. */
function summary(rates: Record<Side, number[]>) {
  // each turn's instrumented rate over the floor's rate measured in the same turn
  const paired = Object.fromEntries(
    INSTRUMENTED.map((side) => [side, rates[side].map((on, turn) => +(on / rates.off[turn]!).toFixed(3))]),
  );
  return {
    perSecond: rates,
    meanPerSecond: Object.fromEntries(SIDES.map((side) => [side, mean(rates[side])])),
    pairedRatios: paired,
    medianPairedCostPercent: Object.fromEntries(
      INSTRUMENTED.map((side) => [side, +((1 - median(paired[side]!)) * 100).toFixed(1)]),
    ),
  };
}

/**
 * The share of all the CPU the platform used during the load (its services,
 * PostgreSQL, NATS; not the load generator) that went to instrumentation in
 * its services, as their CPU profiles tell.
 */
function profiledShare(cpu: CpuShares, found: { busySeconds: number; instrumentationSeconds: number }) {
  const platformCpuSeconds = cpu.byProgram
    .filter((p) => !p.program.startsWith('load generator'))
    .reduce((sum, p) => sum + p.cpuSeconds, 0);
  return {
    platformCpuSeconds: +platformCpuSeconds.toFixed(2),
    profiledBusySeconds: +found.busySeconds.toFixed(2),
    instrumentationSeconds: +found.instrumentationSeconds.toFixed(3),
    sharePercent: percent(found.instrumentationSeconds, platformCpuSeconds),
  };
}

/**
 * Runs `work` with every service process it starts CPU-profiled (SERVICE_NODE_ARGS, as
 * scripts/platform.mjs gives it them); `work` stops them, so that they write their profiles, and
 * says when its load ran. Then the share of instrumentation in that window.
 */
async function profiledRun(work: () => Promise<{ cpu: CpuShares; window: { from: number; to: number } }>) {
  const dir = mkdtempSync(join(tmpdir(), 'voucher-bench-profiles-'));
  process.env.SERVICE_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${dir}`;
  try {
    const { cpu, window } = await work();
    return profiledShare(cpu, instrumentationIn(dir, window.from, window.to));
  } finally {
    delete process.env.SERVICE_NODE_ARGS;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ends what was started, the last first, whatever failed. */
function closers() {
  const list: (() => Promise<unknown>)[] = [];
  return {
    add: (close: () => Promise<unknown>) => list.push(close),
    async closeAll() {
      for (const close of list.splice(0).reverse()) {
        await close().catch((err) => console.error('bench observability: clean-up failed:', err));
      }
    },
  };
}

export async function run(): Promise<object> {
  const sink = await spanSink();
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_BSP_SCHEDULE_DELAY: '1000' };
  const envOf = (side: Side): Record<string, string> =>
    side === 'off' || side === 'metrics'
      ? UNINSTRUMENTED
      : side === 'sampled'
        ? { ...tracing, OTEL_TRACES_SAMPLER_ARG: SAMPLED_SHARE }
        : tracing;
  const scraped = (side: Side) => side === 'metrics' || side === 'both' || side === 'sampled';
  const open = closers();
  try {
    // the intake through the gateway: every side's platform at once, the load visiting each in turn
    const intakes = new Map<Side, Awaited<ReturnType<typeof intakeOn>>>();
    for (const [place, side] of SIDES.entries()) {
      const metricsPort = METRICS_BASE + 20 * place;
      const p = await loadPlatform(
        `benchobs${side}`,
        GATEWAY_PORT + 10 * place,
        envOf(side),
        scraped(side) ? { metricsPort } : {},
      );
      open.add(() => p.close());
      if (scraped(side)) open.add(scraping(METRICS_SERVICES.map((_: string, i: number) => metricsPort + i)));
      intakes.set(side, await intakeOn(p, INTAKE_ENTERPRISES));
    }
    const intake = await interleaved(
      async (side, seconds) => (await intakes.get(side)!.load(seconds)).requestsPerSecond,
    );
    await open.closeAll();

    // one more instrumented intake, alone, every service profiled
    const intakeShare = await profiledRun(async () => {
      const p = await loadPlatform('benchobsprofiled', GATEWAY_PORT, envOf('both'), { metricsPort: METRICS_BASE });
      try {
        const stop = scraping(METRICS_SERVICES.map((_: string, i: number) => METRICS_BASE + i));
        const { cpu, window } = await measureIntake(p, INTAKE_ENTERPRISES);
        await stop();
        return { cpu, window };
      } finally {
        await p.close();
      }
    });

    // payments over the bus: every side's wallet at once, each a process of its own, paid in turn
    const wallets = new Map<Side, Awaited<ReturnType<typeof walletUnderLoad>>>();
    for (const side of SIDES) {
      const w = await walletUnderLoad(
        `benchobspay${side}`,
        PAYMENT_VOUCHERS,
        { ...envOf(side), ...(scraped(side) ? { METRICS_PORT: '0' } : {}) },
        { ownProcess: true },
      );
      open.add(() => w.close());
      if (scraped(side)) open.add(scraping([w.service.metricsPort!]));
      wallets.set(side, w);
    }
    const payments = await interleaved(async (side, seconds) => (await wallets.get(side)!.payments(seconds)).perSecond);
    await open.closeAll();

    // one more instrumented wallet, alone, profiled
    const paymentsShare = await profiledRun(async () => {
      const w = await walletUnderLoad(
        'benchobspayprofiled',
        PAYMENT_VOUCHERS,
        { ...envOf('both'), METRICS_PORT: '0' },
        { ownProcess: true },
      );
      try {
        await w.payments(WARM_UP_SECONDS);
        const stop = scraping([w.service.metricsPort!]);
        const from = profileClockNow();
        const { cpu } = await cpuShares(() => w.payments());
        const window = { from, to: profileClockNow() };
        await stop();
        return { cpu, window };
      } finally {
        await w.close();
      }
    });

    const intakeFigures = { ...summary(intake), profiled: intakeShare };
    const paymentFigures = { ...summary(payments), profiled: paymentsShare };
    // the profiles are of every trace recorded: they bound the sampled side's share from above
    const met = Object.fromEntries(
      INSTRUMENTED.map((side) => [
        side,
        [intakeFigures, paymentFigures].every(
          (f) => f.medianPairedCostPercent[side]! <= 5 && f.profiled.sharePercent <= 5,
        ),
      ]),
    );
    return {
      at: new Date().toISOString(),
      target: 'metrics and tracing together cost ≤ 5% of the intake and of the payments per second (issue 19)',
      slices: { turns: SLICES, seconds: SLICE_SECONDS, settleMs: SETTLE_MS },
      sampledShare: Number(SAMPLED_SHARE),
      intake: intakeFigures,
      payments: paymentFigures,
      met,
    };
  } finally {
    await open.closeAll();
    sink.server.close();
  }
}
