// README command 1, after set-up: runs the whole platform in the foreground,
// creates one demo account per platform role, prints where to go, and stops
// every service cleanly on Ctrl-C.
import { join } from 'node:path';
import { describeDemo, demoEnv, seedDemoAccounts, stopOnSignals } from './demo.mjs';
import { launchPlatform, METRICS_SERVICES, ROOT } from './platform.mjs';

const env = {
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  GATEWAY_PORT: process.env.GATEWAY_PORT ?? '8080',
  ...demoEnv,
};

// every process's Prometheus metrics on 9101-9110, which deploy/observability/prometheus.yml scrapes
const metricsPort = Number(process.env.METRICS_PORT_BASE ?? 9101);
const logDir = join(ROOT, '.data', 'logs');
console.log('starting the services …');
const platform = await launchPlatform({ env, logDir, metricsPort }).catch((err) => {
  console.error(`${err.message}\nsee the logs in ${logDir}`);
  process.exit(1);
});
await seedDemoAccounts(platform.gatewayUrl);

console.log(`
platform ready in ${(platform.coldStartMs / 1000).toFixed(1)} s (logs: ${logDir})
metrics on ports ${metricsPort}-${metricsPort + METRICS_SERVICES.length - 1} (GET /metrics; deploy/observability/prometheus.yml)

${describeDemo(platform.gatewayUrl)}`);

stopOnSignals(() => platform.stop());
