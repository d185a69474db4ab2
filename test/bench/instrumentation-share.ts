// Issue 19's cost, read a second way: the share of the platform's CPU that
// went to metrics and tracing while a load ran, from V8 CPU profiles of the
// same run. Unlike a rate compared across two runs, both sides of this ratio
// come from one run, so it does not move with how fast the machine happens
// to be at the moment (on two shared cores, rounds of one side differ by up
// to 30%).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
/** V8's `.cpuprofile`: times in microseconds of the monotonic clock `process.hrtime` reads */
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The libraries that exist to observe: every frame of theirs, and all they call, is instrumentation. */
const INSTRUMENTATION_URL = /node_modules\/(@opentelemetry|prom-client)\//;
/**
 * The platform's own glue, counted by its own time only: a Fastify hook's
 * `done()` runs the rest of the request inside it, which is not observing.
 */
const INSTRUMENTATION_FUNCTIONS = new Set([
  // libs/bus/src/trace-context.ts
  'startWork',
  'injectTrace',
  'traceHeaders',
  'remoteTrace',
  'traceIdOf',
  'markOutcome',
  // services/gateway/src/http/request-tracing.ts and route-metrics.ts
  'openRequestSpan',
  'closeRequestSpan',
  'requestContext',
  'measureRoute',
  // libs/metrics: the bus's observer
  'commandAnswered',
  'eventHandled',
]);
const NOT_WORK = new Set(['(idle)', '(program)']);

/** A monotonic timestamp in the profiles' unit (microseconds). */
export const profileClockNow = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * CPU seconds one profile spent between `from` and `to`: all of it, and
 * what went to instrumentation: a sample in a library's code or below it,
 * or in the glue's own code. Garbage collection is not apportioned (its
 * share of the instrumentation's garbage is left out: a floor, not a ceiling).
 */
function instrumentationOf(
  profile: CpuProfile,
  from: number,
  to: number,
): { busySeconds: number; instrumentationSeconds: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const withinLibrary = new Map<number, boolean>();
  const inLibrary = (id: number): boolean => {
    const known = withinLibrary.get(id);
    if (known !== undefined) return known;
    const parent = parentOf.get(id);
    const yes = INSTRUMENTATION_URL.test(byId.get(id)!.callFrame.url) || (parent !== undefined && inLibrary(parent));
    withinLibrary.set(id, yes);
    return yes;
  };
  const isObserving = (id: number): boolean =>
    INSTRUMENTATION_FUNCTIONS.has(byId.get(id)!.callFrame.functionName) || inLibrary(id);
  let t = profile.startTime;
  let busy = 0;
  let observed = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i]!;
    t += delta;
    if (t < from || t > to) continue;
    const id = profile.samples[i]!;
    if (NOT_WORK.has(byId.get(id)!.callFrame.functionName)) continue;
    // a sample stands for the time since the one before it
    busy += delta;
    if (isObserving(id)) observed += delta;
  }
  return { busySeconds: busy / 1e6, instrumentationSeconds: observed / 1e6 };
}

/** The same, summed over every profile a directory holds (one per service process). */
export function instrumentationIn(dir: string, from: number, to: number) {
  let busySeconds = 0;
  let instrumentationSeconds = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const one = instrumentationOf(profile, from, to);
    busySeconds += one.busySeconds;
    instrumentationSeconds += one.instrumentationSeconds;
  }
  return { busySeconds, instrumentationSeconds };
}
