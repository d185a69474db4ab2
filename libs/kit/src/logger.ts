import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Secrets never reach a log line (ARCHITECTURE A7): any of these keys is
 * censored wherever it sits up to two levels deep.
 */
const SECRET_KEYS = [
  'password',
  'oldPassword',
  'newPassword',
  'confirmPassword',
  'passwordHash',
  'pin',
  'oldPin',
  'newPin',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'smsCode',
  'code',
  'captcha',
  'idNumber',
  'secret',
];

const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export type { Logger };

export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const ignore = () => undefined;

/**
 * A child logger made only when something is logged: pino's `child` (with the
 * redaction list) costs more per request than a whole bus handler, and most
 * requests log nothing at the production level. Disabled levels are no-ops;
 * `child` of a lazy child is lazy too, so per-request bindings can be added
 * as the request learns them (its caller, its subject).
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const made = (target: Logger) => (child ??= target.child(bindings));
  return new Proxy(parent, {
    get: (target, prop) => {
      if (typeof prop === 'string' && LEVELS.has(prop)) {
        if (!target.isLevelEnabled(prop)) return ignore;
        // looked up without logging (Fastify checks the methods exist): the child waits for a call
        return (...args: unknown[]) =>
          (made(target) as unknown as Record<string, (...a: unknown[]) => void>)[prop]!(...args);
      }
      if (prop === 'isLevelEnabled') return (level: string) => target.isLevelEnabled(level);
      if (prop === 'level') return target.level;
      if (prop === 'child' && child === undefined) {
        return (more: Record<string, unknown>, options?: object) =>
          options ? target.child({ ...bindings, ...more }, options) : lazyChild(target, { ...bindings, ...more });
      }
      const real = made(target);
      const value = Reflect.get(real, prop, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}
