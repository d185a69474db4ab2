import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  busPermissions,
  ensureBusKeys,
  ensureTlsCertificate,
  identitiesOf,
  renderServerConfig,
  type BusCatalogue,
} from '@voucher/bus';
import { workspaceDataDir } from '@voucher/kit';

/** A nats-server of a test's own, configured by the bus set-up's generator for a catalogue of its own. */
export interface OwnNatsServer {
  url: string;
  keysDir: string;
  /** the CA of the set-up's certificate, when the server requires TLS */
  caFile?: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function ownNatsServer(catalogue: BusCatalogue, { tls = false } = {}): Promise<OwnNatsServer> {
  const dir = await mkdtemp(join(tmpdir(), 'voucher-nats-'));
  const keysDir = join(dir, 'keys');
  const publicKeys = ensureBusKeys(keysDir, identitiesOf(catalogue, { development: false }));
  // the certificate the set-up made, as a TLS deployment would use its own
  const certs = tls ? ensureTlsCertificate(join(workspaceDataDir(), 'bus', 'tls')) : undefined;
  const port = await freePort();
  const config = join(dir, 'nats.conf');
  await writeFile(
    config,
    renderServerConfig({
      listen: `127.0.0.1:${port}`,
      storeDir: join(dir, 'store'),
      serverName: `test-${port}`,
      ...(certs ? { tls: certs } : {}),
      users: [...busPermissions(catalogue, { development: false })].map(([identity, permissions]) => ({
        identity,
        nkey: publicKeys[identity]!,
        permissions,
      })),
    }),
  );
  const child = spawn('nats-server', ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited: ${stderr}`);
    const up = await new Promise<boolean>((res) => {
      const s = tcpConnect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), res(true)));
      s.once('error', () => res(false));
    });
    if (up) break;
    if (Date.now() > until) throw new Error(`nats-server did not listen on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `${tls ? 'tls' : 'nats'}://127.0.0.1:${port}`,
    keysDir,
    ...(certs ? { caFile: certs.caFile } : {}),
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((res) => {
          child.once('exit', () => res());
          child.kill('SIGTERM');
        });
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
