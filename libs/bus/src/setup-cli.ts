// npm run bus-setup -- [--target local|compose|k8s] [--dir DIR] [--listen HOST:PORT] [--store DIR] [--tls]
//
// Writes the platform bus's credentials and nats-server configuration
// (ARCHITECTURE A7) into DIR:
//   keys/<identity>.nk       each identity's NKey seed: made once, mode 0600
//   keys/public-keys.json    every identity's public key
//   tls/                     a private CA and a loopback server certificate (openssl), made once
//   nats.conf                the server configuration, generated anew from libs/contracts
// Targets:
//   local    (default) the development server of both README commands: DIR
//            <repo>/.data/bus, listening where NATS_URL says (127.0.0.1:4223),
//            JetStream data in <repo>/.data/nats; test runs share it under
//            their BUS_PREFIX and the benchmarks have an identity.
//   compose  docker-compose.yml's server: DIR <repo>/.data/bus-compose.
//   k8s      deploy/k8s's three-node cluster: DIR <repo>/.data/bus-k8s, each
//            pod named by $POD_NAME, routes to nats-{0,1,2}.nats-headless.
//   cluster  npm run cluster's three nodes on loopback (A8): DIR <repo>/.data/cluster/bus,
//            nats-1.conf … nats-3.conf; node i listens on the --listen port + i - 1,
//            its route on that + 10 and its monitor on that + 20 (4231-4233, 4241-4243,
//            4251-4253 by default), JetStream data in <store>/nats-i. Development, as local:
//            tests and benchmarks run on it too.
// compose and k8s are production: no prefixed subjects, no benchmark identity.
// --tls makes the server require TLS.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceDataDir } from '@voucher/kit';
import { setUpBus, type BusSetupOptions } from './setup.ts';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'local' },
    dir: { type: 'string' },
    listen: { type: 'string' },
    store: { type: 'string' },
    tls: { type: 'boolean', default: false },
  },
});

function listenOf(url: string): string {
  const u = new URL(url.split(',')[0]!.trim());
  return `${u.hostname}:${u.port || '4222'}`;
}

const data = workspaceDataDir();
const targets: Record<string, Omit<BusSetupOptions, 'tls'>> = {
  local: {
    dir: join(data, 'bus'),
    listen: listenOf(process.env.NATS_URL ?? 'nats://127.0.0.1:4223'),
    storeDir: join(data, 'nats'),
    serverName: 'voucher-local',
    development: true,
  },
  compose: {
    dir: join(data, 'bus-compose'),
    listen: '0.0.0.0:4222',
    storeDir: '/data',
    serverName: 'voucher-bus',
    development: false,
    monitor: '0.0.0.0:8222',
  },
  k8s: {
    dir: join(data, 'bus-k8s'),
    listen: '0.0.0.0:4222',
    storeDir: '/data',
    serverName: '$POD_NAME',
    development: false,
    monitor: '0.0.0.0:8222',
    pidFile: '/var/run/nats/nats.pid',
    cluster: {
      name: 'voucher',
      listen: '0.0.0.0:6222',
      routes: [0, 1, 2].map((i) => `nats://nats-${i}.nats-headless:6222`),
    },
  },
};

/** The three nodes of the local cluster, each routed to all three. */
function clusterNodes(dir: string, listen: string, store: string): Omit<BusSetupOptions, 'tls'>[] {
  const [host, port] = [listen.slice(0, listen.lastIndexOf(':')), Number(listen.slice(listen.lastIndexOf(':') + 1))];
  const nodes = [0, 1, 2];
  return nodes.map((i) => ({
    dir,
    listen: `${host}:${port + i}`,
    storeDir: join(store, `nats-${i + 1}`),
    serverName: `voucher-cluster-${i + 1}`,
    development: true,
    monitor: `${host}:${port + 20 + i}`,
    cluster: {
      name: 'voucher',
      listen: `${host}:${port + 10 + i}`,
      routes: nodes.map((j) => `nats://${host}:${port + 10 + j}`),
    },
    configName: `nats-${i + 1}.conf`,
  }));
}

const presets =
  values.target === 'cluster'
    ? clusterNodes(
        resolve(values.dir ?? join(data, 'cluster', 'bus')),
        values.listen ?? '127.0.0.1:4231',
        resolve(values.store ?? join(data, 'cluster')),
      )
    : [targets[values.target]];
if (!presets[0]) throw new Error(`--target must be one of ${[...Object.keys(targets), 'cluster'].join(', ')}`);

for (const preset of presets) {
  const done = setUpBus({
    ...preset!,
    ...(values.target !== 'cluster' && values.dir ? { dir: resolve(values.dir) } : {}),
    ...(values.target !== 'cluster' && values.listen ? { listen: values.listen } : {}),
    ...(values.target !== 'cluster' && values.store ? { storeDir: resolve(values.store) } : {}),
    tls: values.tls,
  });
  process.stdout.write(
    `bus (${values.target}): configuration ${done.configFile}, keys in ${done.keysDir}${values.tls ? ', TLS required' : ''}\n`,
  );
}
