import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderServerConfig } from '../src/index.ts';

const running: ChildProcess[] = [];
afterAll(() => running.forEach((c) => c.kill('SIGKILL')));

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

interface Node {
  client: number;
  route: number;
  monitor: number;
}
const node = async (): Promise<Node> => ({
  client: await freePort(),
  route: await freePort(),
  monitor: await freePort(),
});

/** One node of cluster `voucher`, routing to `peers` with `password`. */
async function startNode(self: Node, peers: Node[], password: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'voucher-route-'));
  const config = join(dir, 'nats.conf');
  await writeFile(
    config,
    renderServerConfig({
      listen: `127.0.0.1:${self.client}`,
      storeDir: join(dir, 'store'),
      serverName: `route-test-${self.client}`,
      monitor: `127.0.0.1:${self.monitor}`,
      cluster: {
        name: 'voucher',
        listen: `127.0.0.1:${self.route}`,
        routes: peers.map((p) => `nats://127.0.0.1:${p.route}`),
        routePassword: password,
      },
      users: [],
    }),
  );
  running.push(spawn('nats-server', ['-c', config], { stdio: 'ignore' }));
}

/** The routes a node holds, once its monitor answers. */
async function routesOf(n: Node): Promise<number> {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${n.monitor}/routez`);
      return ((await res.json()) as { num_routes: number }).num_routes;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`no monitor on ${n.monitor}`);
}

describe('the nodes of a NATS cluster route to each other with a password (A8)', () => {
  it('lets a node that knows the password join, and keeps out one that does not', async () => {
    const [a, b, stranger] = [await node(), await node(), await node()];
    await startNode(a, [b], 'the-cluster-password');
    await startNode(b, [a], 'the-cluster-password');
    await startNode(stranger, [a], 'a-guess');
    await expect.poll(() => routesOf(a), { timeout: 10_000 }).toBeGreaterThan(0);
    // give the stranger time to try (it retries every second)
    await new Promise((r) => setTimeout(r, 2_500));
    const routez = (await (await fetch(`http://127.0.0.1:${a.monitor}/routez`)).json()) as {
      routes: { remote_id: string; port: number }[];
    };
    expect(await routesOf(stranger)).toBe(0);
    expect(routez.routes.every((r) => r.port !== stranger.route)).toBe(true);
  });
});
