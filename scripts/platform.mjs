// Launches every service as its own process (the built dist/main.js), waits
// until the gateway says ready, and stops them all on demand. Used by the start
// command and by the journeys in test/, so both run the platform the same way.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Every folder under services/ is one process; the gateway is listed last (spawned last, stopped first). */
export const SERVICES = readdirSync(join(ROOT, 'services'))
  .filter((name) => existsSync(join(ROOT, 'services', name, 'src', 'main.ts')))
  .sort((a, b) => Number(a === 'gateway') - Number(b === 'gateway') || a.localeCompare(b));

/**
 * The metrics' port plan (issue 19, README "Observability"): from a base port, each process serves
 * GET /metrics on the base + its service's place in this list, and a second replica one list
 * further. Fixed here, not derived from the folders, because deploy/observability's scrape
 * configurations name the ports: from 9101, npm start's are 9101-9110 and npm run cluster's
 * 9101-9120. A new service goes at the end, so that no other port moves for npm start.
 */
export const METRICS_SERVICES = [
  'gateway',
  'identity',
  'qualification',
  'lottery',
  'wallet',
  'catalog',
  'orders',
  'settlement',
  'scheduler',
  'notifications',
];
export function metricsPortOf(base, name, replica = 0) {
  const place = METRICS_SERVICES.indexOf(name);
  if (place < 0) throw new Error(`${name} has no metrics port: add it to METRICS_SERVICES (scripts/platform.mjs)`);
  return base + place + replica * METRICS_SERVICES.length;
}

/**
 * The heap's ceiling of a service's process in MB, as the deployments set it (the Dockerfile's
 * NODE_OPTIONS; the gateway's in deploy/k8s/services.yaml and docker-compose.yml), so that a local
 * platform and the benchmarks run, and measure memory, as production does (issue 20 item 8).
 */
export const heapCeilingMb = (name) => (name === 'gateway' ? 512 : 256);

/**
 * The arguments of `node` for one process of a service: its heap's ceiling, unless SERVICE_NODE_ARGS
 * sets another, and SERVICE_NODE_ARGS's extra flags (--cpu-prof when profiling), then the service's
 * built entry point.
 */
export function serviceArgs(name) {
  const extra = (process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return [
    ...(extra.some((flag) => flag.startsWith('--max-old-space-size'))
      ? []
      : [`--max-old-space-size=${heapCeilingMb(name)}`]),
    ...extra,
    join(ROOT, 'services', name, 'dist', 'main.js'),
  ];
}

/**
 * @param {{ env: Record<string, string>, logDir?: string, readyTimeoutMs?: number, replicas?: number, gatewayProbePort?: number, metricsPort?: number }} options
 * `replicas` processes of every service (A8); the gateway's listen on GATEWAY_PORT, GATEWAY_PORT + 1, …
 * With `metricsPort`, every process serves its metrics on its port of the plan above from that base.
 */
export async function launchPlatform({
  env,
  logDir,
  readyTimeoutMs = 60_000,
  replicas = 1,
  gatewayProbePort,
  metricsPort,
}) {
  const started = Date.now();
  const host = env.GATEWAY_HOST ?? '127.0.0.1';
  const port = Number(env.GATEWAY_PORT ?? '8080');
  const gatewayUrls = Array.from({ length: replicas }, (_, i) => `http://${host}:${port + i}`);
  const gatewayProbeUrls =
    gatewayProbePort === undefined
      ? []
      : Array.from({ length: replicas }, (_, i) => `http://${host}:${gatewayProbePort + i}`);
  /** each gateway's port, and its probe server's (HEALTH_PORT) when asked for */
  const gatewayEnv = (replica) => ({
    GATEWAY_PORT: String(port + replica),
    ...(gatewayProbePort === undefined ? {} : { HEALTH_HOST: host, HEALTH_PORT: String(gatewayProbePort + replica) }),
  });
  /** @type {Map<string, import('node:child_process').ChildProcess>} one per service replica, `name` or `name-2` */
  const children = new Map();
  if (logDir) mkdirSync(logDir, { recursive: true });
  const instance = (name, replica) => (replica === 0 ? name : `${name}-${replica + 1}`);

  function start(name, replica) {
    const key = instance(name, replica);
    const child = spawn(process.execPath, serviceArgs(name), {
      env: {
        ...process.env,
        ...env,
        ...(name === 'gateway' ? gatewayEnv(replica) : {}),
        ...(metricsPort === undefined ? {} : { METRICS_PORT: String(metricsPortOf(metricsPort, name, replica)) }),
      },
      stdio: ['ignore', logDir ? 'pipe' : 'ignore', logDir ? 'pipe' : 'ignore'],
    });
    if (logDir) {
      const out = createWriteStream(join(logDir, `${key}.log`), { flags: 'a' });
      child.stdout.pipe(out);
      child.stderr.pipe(out);
    }
    children.set(key, child);
    return child;
  }

  for (const name of SERVICES) for (let r = 0; r < replicas; r++) start(name, r);

  async function waitReady(timeoutMs = readyTimeoutMs) {
    const until = Date.now() + timeoutMs;
    let last = 'no answer';
    // a gateway that was killed on purpose (and not restarted yet) is not waited for: the others answer
    const running = (i) => {
      const child = children.get(instance('gateway', i));
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    };
    const waiting = new Set(gatewayUrls.filter((_, i) => running(i)));
    while (Date.now() < until) {
      for (const [name, child] of children) {
        if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start`);
      }
      for (const url of waiting) {
        try {
          const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) });
          last = await res.text();
          if (res.ok) waiting.delete(url);
        } catch (err) {
          last = String(err);
        }
      }
      if (waiting.size === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`platform not ready after ${timeoutMs} ms: ${last}`);
  }

  function stopOne(key, signal = 'SIGTERM') {
    const child = children.get(key);
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((res) => {
      child.once('exit', () => res());
      child.kill(signal);
    });
  }

  // a platform that did not come up leaves no process behind
  await waitReady().catch(async (err) => {
    await Promise.all([...children.keys()].map((k) => stopOne(k, 'SIGKILL')));
    throw err;
  });
  return {
    gatewayUrl: gatewayUrls[0],
    gatewayUrls,
    gatewayProbeUrls,
    coldStartMs: Date.now() - started,
    pids: () => Object.fromEntries([...children].map(([n, c]) => [n, c.pid])),
    /** SIGKILL one replica of a service, as a crash would */
    kill: (name, replica = 0) => stopOne(instance(name, replica), 'SIGKILL'),
    restart: async (name, replica = 0) => {
      await stopOne(instance(name, replica));
      start(name, replica);
      await waitReady();
    },
    waitReady,
    /** SIGTERM: the gateways first so no new work arrives, then the rest drain together */
    async stop() {
      const isGateway = (key) => key === 'gateway' || key.startsWith('gateway-');
      await Promise.all([...children.keys()].filter(isGateway).map((k) => stopOne(k)));
      await Promise.all([...children.keys()].filter((k) => !isGateway(k)).map((k) => stopOne(k)));
    },
  };
}
