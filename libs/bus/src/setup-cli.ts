// npm run bus-setup -- [--dir DIR] [--listen HOST:PORT] [--store DIR] [--tls] [--production]
//
// Writes the platform bus's credentials and the nats-server configuration
// (ARCHITECTURE A7) into DIR (default <repo>/.data/bus):
//   keys/<identity>.nk       each identity's NKey seed: made once, mode 0600
//   keys/public-keys.json    every identity's public key
//   tls/                     a private CA and a loopback server certificate (openssl), made once
//   nats.conf                the server configuration, generated anew from libs/contracts
// JetStream keeps its data in --store (default <repo>/.data/nats).
// --production leaves out what only a development server has (the permissions
// under a BUS_PREFIX that test runs need, the benchmarks' identity); --tls
// makes the server require TLS.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceDataDir } from '@voucher/kit';
import { setUpBus } from './setup.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    listen: { type: 'string' },
    store: { type: 'string' },
    'server-name': { type: 'string', default: 'voucher-bus' },
    'monitor-port': { type: 'string' },
    tls: { type: 'boolean', default: false },
    production: { type: 'boolean', default: false },
  },
});

function listenOf(url: string): string {
  const u = new URL(url.split(',')[0]!.trim());
  return `${u.hostname}:${u.port || '4222'}`;
}

const dir = resolve(values.dir ?? join(workspaceDataDir(), 'bus'));
const done = setUpBus({
  dir,
  listen: values.listen ?? listenOf(process.env.NATS_URL ?? 'nats://127.0.0.1:4223'),
  storeDir: resolve(values.store ?? join(workspaceDataDir(), 'nats')),
  serverName: values['server-name'],
  development: !values.production,
  tls: values.tls,
  ...(values['monitor-port'] ? { monitorPort: Number(values['monitor-port']) } : {}),
});
process.stdout.write(
  `bus: configuration ${done.configFile}, keys in ${done.keysDir}${values.tls ? ', TLS required' : ''}\n`,
);
