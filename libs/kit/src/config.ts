import { z } from 'zod';

/**
 * Defaults suit a local demo (ARCHITECTURE A9). Production refuses them where
 * they would be unsafe (A7): see `refuseUnsafeProduction`.
 */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-in-production-000000';
export const DEFAULT_PASSWORD_KDF_COST = 15;

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
  JWT_SECRET: z.string().min(32, 'at least 32 characters').default(DEV_JWT_SECRET),
  /** log2 of scrypt's N. Tests lower it; production refuses less than the default (A10a). */
  PASSWORD_KDF_COST: z.coerce.number().int().min(4).max(20).default(DEFAULT_PASSWORD_KDF_COST),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).default(5000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function refuseUnsafeProduction(config: BaseConfig): void {
  if (config.NODE_ENV !== 'production') return;
  if (config.JWT_SECRET === DEV_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET must be set to a secret of your own in production');
  }
  if (config.PASSWORD_KDF_COST < DEFAULT_PASSWORD_KDF_COST) {
    throw new ConfigError(`PASSWORD_KDF_COST below ${DEFAULT_PASSWORD_KDF_COST} is refused in production`);
  }
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
  const config = parsed.data as BaseConfig & z.infer<z.ZodObject<S>>;
  refuseUnsafeProduction(config);
  return config;
}
