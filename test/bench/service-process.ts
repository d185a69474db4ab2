// A platform service as a process of its own, as `npm start` runs it (from `npm run build`'s dist),
// for the benchmarks that drive one or two services over the bus: the load then does not share its
// event loop, and its memory (issue 20 item 8) and CPU profile are its own.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { serviceArgs } from '../../scripts/platform.mjs';

export interface ServiceProcess {
  pid: number;
  /** where it serves its metrics, when its env set METRICS_PORT (to any value: a free port is chosen) */
  metricsPort: number | undefined;
  /** SIGTERM, as an operator stops it: a `--cpu-prof` profile is written as it exits */
  stop(): Promise<void>;
  /** rejects if the process ends before `stop()` (out of heap, say): a wait raced with it fails at once, not never */
  died: Promise<never>;
}

/** A port nobody listens on now, for a process started next to choose. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a service with `env`, as scripts/platform.mjs starts each (SERVICE_NODE_ARGS's flags: a heap
 * ceiling, --cpu-prof); ready when its probe says so.
 */
export async function serviceProcess(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const [healthPort, metricsPort] = [await freePort(), env.METRICS_PORT === undefined ? undefined : await freePort()];
  const child = spawn(process.execPath, serviceArgs(name), {
    env: {
      ...process.env,
      ...env,
      HEALTH_PORT: String(healthPort),
      ...(metricsPort === undefined ? {} : { METRICS_PORT: String(metricsPort) }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let stopping = false;
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`${name} exited (code ${code}, signal ${signal}) while the benchmark needed it`));
    }),
  );
  // observed only where a wait is raced with it
  died.catch(() => undefined);
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (const until = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start`);
    const ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`${name} was not ready within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid!, metricsPort, stop, died };
}
