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
 * @param {{ env: Record<string, string>, logDir?: string, readyTimeoutMs?: number }} options
 */
export async function launchPlatform({ env, logDir, readyTimeoutMs = 60_000 }) {
  const started = Date.now();
  const host = env.GATEWAY_HOST ?? '127.0.0.1';
  const port = env.GATEWAY_PORT ?? '8080';
  const gatewayUrl = `http://${host}:${port}`;
  /** @type {Map<string, import('node:child_process').ChildProcess>} */
  const children = new Map();
  if (logDir) mkdirSync(logDir, { recursive: true });

  function start(name) {
    // SERVICE_NODE_ARGS: extra Node flags for every service (a heap limit, --cpu-prof when profiling)
    const nodeArgs = (process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'services', name, 'dist', 'main.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', logDir ? 'pipe' : 'ignore', logDir ? 'pipe' : 'ignore'],
    });
    if (logDir) {
      const out = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
      child.stdout.pipe(out);
      child.stderr.pipe(out);
    }
    children.set(name, child);
    return child;
  }

  for (const name of SERVICES) start(name);

  async function waitReady(timeoutMs = readyTimeoutMs) {
    const until = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < until) {
      for (const [name, child] of children) {
        if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start`);
      }
      try {
        const res = await fetch(`${gatewayUrl}/readyz`, { signal: AbortSignal.timeout(3000) });
        last = await res.text();
        if (res.ok) return;
      } catch (err) {
        last = String(err);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`platform not ready after ${timeoutMs} ms: ${last}`);
  }

  function stopOne(name, signal = 'SIGTERM') {
    const child = children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((res) => {
      child.once('exit', () => res());
      child.kill(signal);
    });
  }

  await waitReady();
  return {
    gatewayUrl,
    coldStartMs: Date.now() - started,
    pids: () => Object.fromEntries([...children].map(([n, c]) => [n, c.pid])),
    /** SIGKILL one service, as a crash would */
    kill: (name) => stopOne(name, 'SIGKILL'),
    restart: async (name) => {
      await stopOne(name);
      start(name);
      await waitReady();
    },
    waitReady,
    /** SIGTERM: the gateway first so no new work arrives, then the rest drain together */
    async stop() {
      await stopOne('gateway');
      await Promise.all(SERVICES.filter((s) => s !== 'gateway').map((s) => stopOne(s)));
    },
  };
}
