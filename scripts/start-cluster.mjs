// npm run cluster, after set-up: the platform as several hosts would run it
// (ARCHITECTURE A8), on loopback: a 3-node NATS JetStream cluster with the
// streams at 3 replicas, two replicas of every service, and HAProxy in front
// of the two gateways. PostgreSQL and Redis as for npm start, with a database
// and a Redis prefix of the cluster's own. Prints what it started; Ctrl-C
// stops it all.
//
// Settings (environment): GATEWAY_PORT (the load balancer, 8080; the gateways
// take the next two ports), CLUSTER_NATS_PORT (4231: nodes on 4231-4233,
// routes 4241-4243, monitors 4251-4253), CLUSTER_DATABASE_URL
// (postgres://postgres@127.0.0.1:5432/voucher_cluster), METRICS_PORT_BASE (9101: every replica's
// metrics on 9101-9120, which deploy/observability/prometheus-cluster.yml scrapes).
import { join } from 'node:path';
import pg from 'pg';
import { startLoadBalancer, startNatsCluster } from './cluster.mjs';
import { describeDemo, demoEnv, seedDemoAccounts, stopOnSignals } from './demo.mjs';
import { launchPlatform, METRICS_SERVICES, ROOT } from './platform.mjs';

const port = Number(process.env.GATEWAY_PORT ?? 8080);
const natsPort = Number(process.env.CLUSTER_NATS_PORT ?? 4231);
const databaseUrl = process.env.CLUSTER_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/voucher_cluster';
const dataDir = join(ROOT, '.data', 'cluster');
const logDir = join(ROOT, '.data', 'logs', 'cluster');
const REPLICAS = 2;
const metricsPort = Number(process.env.METRICS_PORT_BASE ?? 9101);

async function ensureDatabase(url) {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

const fail = (err) => {
  console.error(`${err.message}\nsee the logs in ${logDir}`);
  process.exit(1);
};

const started = Date.now();
console.log('starting the NATS cluster …');
const nats = await startNatsCluster({ dir: dataDir, port: natsPort, logDir }).catch(fail);
await ensureDatabase(databaseUrl);
console.log(`starting ${REPLICAS} replicas of every service …`);
const platform = await launchPlatform({
  env: {
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    NATS_URL: nats.url,
    BUS_KEYS_DIR: nats.keysDir,
    BUS_REPLICAS: '3',
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: 'voucher-cluster:',
    GATEWAY_PORT: String(port + 1),
    GATEWAY_TRUST_PROXY: '127.0.0.1',
    // uploads, publications and exports in the cluster's Object Store: every gateway reads them
    STORAGE_DRIVER: process.env.STORAGE_DRIVER ?? 'nats',
    ...demoEnv,
  },
  logDir,
  replicas: REPLICAS,
  // each gateway's own readiness, which HAProxy checks, on 8091, 8092 (GATEWAY_PORT + 10, + 11)
  gatewayProbePort: port + 11,
  metricsPort,
  readyTimeoutMs: 120_000,
}).catch(async (err) => {
  await nats.stop();
  fail(err);
});
const balancer = await startLoadBalancer({
  dir: dataDir,
  port,
  backends: platform.gatewayUrls,
  probes: platform.gatewayProbeUrls,
  logDir,
}).catch(async (err) => {
  await platform.stop();
  await nats.stop();
  fail(err);
});
await seedDemoAccounts(balancer.url);

console.log(`
cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s (logs: ${logDir})

  NATS      ${nats.url} (JetStream, 3 replicas; monitors on ${natsPort + 20}-${natsPort + 22})
  services  ${REPLICAS} replicas each; gateways ${platform.gatewayUrls.join(', ')}
  HAProxy   ${balancer.url} (checks each gateway's own readiness every second: ${platform.gatewayProbeUrls.join(', ')})
  metrics   ports ${metricsPort}-${metricsPort + REPLICAS * METRICS_SERVICES.length - 1} (GET /metrics; deploy/observability/prometheus-cluster.yml)

${describeDemo(balancer.url)}`);

stopOnSignals(async () => {
  await balancer.stop();
  await platform.stop();
  await nats.stop();
});
