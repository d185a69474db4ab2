import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type pg from 'pg';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { deadLetterKeepers, healthCommand, type HealthReply, type ServiceName } from '@voucher/contracts';
import { Bus, busKeysDir, loadBusKeys, startOutboxRelay, type OutboxRelay, type RunningConsumer } from '@voucher/bus';
import { createDb, createPool, migrate } from '@voucher/db';
import { registerDeadLetterHandlers } from './dead-letters.ts';
import { startProbeServer } from './probe-server.ts';
import { observeProcess } from './process-observation.ts';
import { startFleetReport, type FleetReporter } from './fleet-report.ts';
import { ProcessMetrics, startMetricsServer } from '@voucher/metrics';
import { startTracing } from '@voucher/tracing';
import type { Tracer } from '@opentelemetry/api';
import {
  createLogger,
  createRedis,
  installShutdown,
  loadConfig,
  type BaseConfig,
  type Logger,
  type Redis,
} from '@voucher/kit';

export interface ServiceContext<Config extends BaseConfig = BaseConfig> {
  name: ServiceName;
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  db: Kysely<any>;
  redis: Redis;
  bus: Bus;
  relay: OutboxRelay;
  /** the process's metrics, to which a service adds its domain's own (issue 19) */
  metrics: ProcessMetrics;
  /** the process's tracer (issue 19): the bus's spans are made with it, the gateway's too */
  tracer: Tracer;
}

export interface ServiceDefinition<S extends z.ZodRawShape> {
  name: ServiceName;
  /** the service's own environment variables, beyond the platform's */
  config?: S;
  /** folder of versioned SQL files; by default `migrations/` beside src and dist */
  migrationsDir?: string;
  /**
   * Where requests come from outside (the gateway): this process decides
   * which traces are recorded, by trace id, whatever the client's flag says;
   * every other process follows the decision the request arrived with.
   */
  tracesStartHere?: boolean;
  /** registers command handlers and starts consumers; returns what to stop on shutdown */
  register(ctx: ServiceContext<BaseConfig & z.infer<z.ZodObject<S>>>): Promise<RegisteredParts | void>;
}

export interface RegisteredParts {
  consumers?: RunningConsumer[];
  /** stops the service's own work (timers, servers) before connections close */
  stop?: () => Promise<void>;
  /** extra readiness checks reported by svc.<name>.health */
  checks?: Record<string, () => Promise<boolean>>;
}

export interface RunningService<Config extends BaseConfig = BaseConfig> extends ServiceContext<Config> {
  health(): Promise<HealthReply>;
  /** where the probe server listens, when HEALTH_PORT is set */
  probePort?: number;
  /** where Prometheus scrapes, when METRICS_PORT is set */
  metricsPort?: number;
  /** this process's entry in the operations console (issue 19 item 4) */
  fleet: FleetReporter;
  stop(): Promise<void>;
}

const VERSION = process.env.npm_package_version ?? '0.1.0';

export function defaultMigrationsDir(mainUrl: string): string {
  // src/main.ts and dist/main.js both sit one level below the service folder
  return resolve(dirname(fileURLToPath(mainUrl)), '..', 'migrations');
}

/**
 * What every service process does (issue 2 §3): read config, connect to
 * PostgreSQL, Redis and NATS, migrate its schema, answer `svc.<name>.health`
 * (and, if it parks dead letters, their list, replay and discard: issue 19),
 * relay its outbox, and drain on SIGTERM/SIGINT.
 */
export async function startService<S extends z.ZodRawShape>(
  def: ServiceDefinition<S>,
  {
    env = process.env,
    installSignals = true,
    migrationsDir,
    migrateOnly = process.argv.includes('--migrate-only'),
  }: { env?: NodeJS.ProcessEnv; installSignals?: boolean; migrationsDir?: string; migrateOnly?: boolean } = {},
): Promise<RunningService<BaseConfig & z.infer<z.ZodObject<S>>>> {
  const started = Date.now();
  const config = loadConfig(def.config, env) as BaseConfig & z.infer<z.ZodObject<S>>;
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const schema = def.name;
  const pool = createPool(config.DATABASE_URL, schema, config.DB_POOL_MAX);
  pool.on('error', (err) => logger.error({ err }, 'idle postgres client failed'));
  const dir = migrationsDir ?? def.migrationsDir;
  if (!dir) throw new Error(`${def.name}: no migrations folder given`);
  const applied = await migrate(pool, schema, dir).catch(async (err: Error) => {
    // the line an operator reads when a rollout mixed releases (SchemaNewerThanCode): which schema, what to do
    logger.fatal({ schema, err }, err.message);
    await pool.end();
    throw err;
  });
  if (applied.length > 0) logger.info({ applied }, 'migrated');
  if (migrateOnly) {
    await pool.end();
    process.exit(0);
  }
  const db = createDb<any>(pool);
  const redis = createRedis(config.REDIS_URL, config.REDIS_PREFIX);
  redis.on('error', (err) => logger.warn({ err }, 'redis error'));
  const metrics = new ProcessMetrics(def.name);
  const tracing = startTracing({
    service: def.name,
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    batchDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
    recordedShare: config.OTEL_TRACES_SAMPLER_ARG,
    decidesRecording: def.tracesStartHere === true,
    disabled: config.OTEL_SDK_DISABLED,
  });
  const observed = config.METRICS_PORT !== undefined;
  const bus = await Bus.connect({
    url: config.NATS_URL,
    prefix: config.BUS_PREFIX,
    keys: loadBusKeys(busKeysDir(config.BUS_KEYS_DIR), def.name),
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    replicas: config.BUS_REPLICAS,
    // unobserved without a metrics port: the benchmarks measure what observing costs against that
    ...(observed ? { observer: metrics } : {}),
    tracer: tracing.tracer,
    ...(config.NATS_TLS_CA_FILE ? { tlsCaFile: config.NATS_TLS_CA_FILE } : {}),
  });
  await bus.ensureStreams();
  const relay = startOutboxRelay({ pool, schema, bus, logger });
  const ctx: ServiceContext<BaseConfig & z.infer<z.ZodObject<S>>> = {
    name: def.name,
    config,
    logger,
    pool,
    db,
    redis,
    bus,
    relay,
    metrics,
    tracer: tracing.tracer,
  };
  const parts = (await def.register(ctx)) ?? {};

  async function health(): Promise<HealthReply> {
    const probe = async (fn: () => Promise<unknown>) => {
      try {
        await Promise.race([fn(), new Promise((_, r) => setTimeout(() => r(new Error('slow')), 1000).unref())]);
        return 'ok' as const;
      } catch {
        return 'failed' as const;
      }
    };
    const checks: Record<string, 'ok' | 'failed'> = {
      postgres: await probe(() => pool.query('SELECT 1')),
      redis: await probe(() => redis.ping()),
      nats: bus.nc.isClosed() ? 'failed' : 'ok',
    };
    for (const [name, check] of Object.entries(parts.checks ?? {})) {
      checks[name] = await probe(async () => {
        if (!(await check())) throw new Error('not ready');
      });
    }
    return {
      service: def.name,
      status: Object.values(checks).every((c) => c === 'ok') ? 'ok' : 'degraded',
      checks,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      version: VERSION,
    };
  }
  bus.handle(healthCommand(def.name), () => health());
  // issue 19 item 4: the dead letters of every service that parks them, for administrators, written once
  if (deadLetterKeepers.includes(def.name)) registerDeadLetterHandlers(def.name, bus, db);
  // the server must know our subscriptions before we say ready, or a request right after gets "no responders"
  await bus.nc.flush();
  const probes =
    config.HEALTH_PORT === undefined
      ? undefined
      : await startProbeServer({ host: config.HEALTH_HOST, port: config.HEALTH_PORT, health, logger });
  if (observed) observeProcess(metrics, { pool, bus });
  const fleet = startFleetReport({
    service: def.name,
    version: VERSION,
    startedAt: new Date(started),
    redis,
    pool,
    bus,
    health,
    logger,
  });
  void fleet.reportNow();
  const metricsServer = observed
    ? await startMetricsServer({
        host: config.METRICS_HOST,
        port: config.METRICS_PORT!,
        metrics,
        token: config.METRICS_TOKEN,
        logger,
      })
    : undefined;

  const steps = [
    // first: a stopping replica leaves the operations console at once, not after its report expires
    { name: 'fleet report', run: () => fleet.stop() },
    { name: 'service', run: () => parts.stop?.() },
    { name: 'consumers', run: () => Promise.all((parts.consumers ?? []).map((c) => c.stop())).then(() => undefined) },
    { name: 'commands', run: () => bus.stopServing() },
    { name: 'outbox relay', run: () => relay.flush().then(() => relay.stop()) },
    { name: 'probes', run: () => probes?.close() },
    { name: 'metrics', run: () => metricsServer?.close() },
    { name: 'nats', run: () => bus.close() },
    { name: 'redis', run: () => redis.quit().then(() => undefined) },
    { name: 'postgres', run: () => pool.end() },
    { name: 'traces', run: () => tracing.shutdown() },
  ];
  let stopping: Promise<void> | undefined;
  const stop = installSignals
    ? installShutdown(logger, steps)
    : () =>
        (stopping ??= (async () => {
          for (const s of steps) await Promise.resolve(s.run()).catch(() => undefined);
        })());
  logger.info({ startupMs: Date.now() - started }, 'ready');
  return {
    ...ctx,
    health,
    fleet,
    stop,
    ...(probes ? { probePort: probes.port } : {}),
    ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
  };
}
