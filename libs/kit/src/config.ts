import { z } from 'zod';
import { describeSecretWeakness, MIN_SECRET_LENGTH, secretWeakness } from './secrets.ts';

/**
 * Defaults suit a local demo (ARCHITECTURE A9). Production refuses them where
 * they would be unsafe (A7): see `refuseUnsafeProduction`.
 */
/** log2 of scrypt's N: 17 is OWASP's minimum for scrypt (with r = 8, p = 1); identity's domain/password-cost.ts says why. */
export const DEFAULT_PASSWORD_KDF_COST = 17;

/** What production refuses of one variable: the reason, or null when the value will do. */
export type ProductionRule<T> = (value: T, config: Record<string, unknown>) => string | null;

const productionRules = new WeakMap<z.ZodType, ProductionRule<never>>();

/**
 * Marks a variable's schema with what production refuses of it (A7), checked
 * by `loadConfig` before the service connects to anything, for every variable
 * of the platform's and the service's own schema alike.
 */
export function refusedInProduction<T extends z.ZodType>(schema: T, rule: ProductionRule<z.output<T>>): T {
  productionRules.set(schema, rule as ProductionRule<never>);
  return schema;
}

/**
 * A secret the operator gives (A7): the development value serves outside
 * production; production refuses it, and any value too short, a placeholder
 * or not random (libs/kit secrets.ts).
 */
export function secretSetting(developmentValue: string) {
  return refusedInProduction(
    z.string().min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`).default(developmentValue),
    (value) => {
      const weakness = secretWeakness(value, [developmentValue]);
      return weakness && describeSecretWeakness(weakness);
    },
  );
}

export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** one server, or a cluster's several separated by commas */
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4223'),
  /**
   * The set-up's folder of bus keys (A7): this process's NKey seed
   * `<service>.nk` and everyone's `public-keys.json`. Default `<repo>/.data/bus/keys`.
   */
  BUS_KEYS_DIR: z.string().min(1).optional(),
  /**
   * How many JetStream servers keep each stream (A8): 1 on one server, 3 in a
   * cluster. Durable consumers follow their stream's count.
   */
  BUS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** The CA that signed the NATS servers' certificates: set, every bus connection is TLS. */
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/voucher'),
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  /** Isolates subjects, stream and durable names so several runs share one NATS (A10a). */
  BUS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and - only')
    .default(''),
  /** Isolates Redis keys the same way. */
  REDIS_PREFIX: z.string().default('voucher:'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(50).default(5),
  /** log2 of scrypt's N. Tests lower it; production refuses less than the default (A10a). */
  PASSWORD_KDF_COST: z.coerce.number().int().min(4).max(20).default(DEFAULT_PASSWORD_KDF_COST),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).default(5000),
  /**
   * Where an orchestrator probes the process (A8): GET /healthz (alive) and
   * /readyz (its dependencies answer). Unset, no probe server; 0 picks a port.
   */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Where Prometheus scrapes the process (issue 19): GET /metrics. Unset, no
   * metrics server and no bus instrumentation; 0 picks a port.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The bearer token a scrape must present. Production refuses metrics
   * served beyond loopback without one (A7): how busy the money paths are is
   * for the operators.
   */
  METRICS_TOKEN: refusedInProduction(z.string().min(MIN_SECRET_LENGTH).optional(), (value, config) =>
    config.METRICS_PORT !== undefined && !isLoopback(String(config.METRICS_HOST)) && value === undefined
      ? `is required when METRICS_HOST (${String(config.METRICS_HOST)}) is beyond loopback`
      : null,
  ),
  /** Where spans go, OTLP over HTTP (`<endpoint>/v1/traces`, issue 19); unset, they stay in the process. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** How long finished spans wait to leave in one batch, ms (OpenTelemetry's variable). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(1).max(60_000).default(5_000),
  /**
   * The share of traces recorded and exported (OpenTelemetry's variable of the
   * trace-id-ratio samplers), decided where a request enters (the gateway) and
   * followed everywhere after; the rest still carry their trace ids in
   * messages and log lines. 1: every one.
   */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** `true`: no spans, no trace ids in logs or messages (the benchmarks' uninstrumented baseline). */
  OTEL_SDK_DISABLED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function refuseUnsafeProduction(schema: z.ZodObject, config: Record<string, unknown>): void {
  if (config.NODE_ENV !== 'production') return;
  const refusals: string[] = [];
  for (const [name, field] of Object.entries(schema.shape)) {
    const reason = productionRules.get(field as z.ZodType)?.(config[name] as never, config);
    if (reason) refusals.push(`${name} ${reason}`);
  }
  if ((config.PASSWORD_KDF_COST as number) < DEFAULT_PASSWORD_KDF_COST) {
    refusals.push(`PASSWORD_KDF_COST below ${DEFAULT_PASSWORD_KDF_COST} is refused in production`);
  }
  if (refusals.length > 0) throw new ConfigError(`refused in production:\n  ${refusals.join('\n  ')}`);
}

/**
 * Reads the environment through the base schema extended with a service's own
 * variables; a wrong value stops the process with every offending variable named.
 */
export function loadConfig<S extends z.ZodRawShape = Record<never, never>>(
  extra?: S,
  env: NodeJS.ProcessEnv = process.env,
): BaseConfig & z.infer<z.ZodObject<S>> {
  const schema = extra ? baseConfigSchema.extend(extra) : baseConfigSchema;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  refuseUnsafeProduction(schema, parsed.data);
  return parsed.data as BaseConfig & z.infer<z.ZodObject<S>>;
}
