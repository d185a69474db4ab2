import { pino, type DestinationStream, type LogFn, type Logger, type LoggerOptions } from 'pino';
import { redactValue } from './redaction.ts';

export type { Logger };

/**
 * The platform's pino logger. Every call's arguments (the object, the
 * message, interpolated values) and every child's bindings pass through
 * `redactValue` first: secrets and personal data are taken out at any depth,
 * inside errors and their PostgreSQL details too (ARCHITECTURE A7, issue 16).
 * Errors, wherever they sit, come out already serialized (type, message,
 * stack, their own fields), so pino's `err` serializer is not needed.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: (err: unknown) => err },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => redactValue(a)) as Parameters<LogFn>);
      },
    },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // children inherit this from the root: their bindings are redacted as they are bound
  const child = logger.child;
  logger.child = function (this: Logger, bindings: Record<string, unknown>, childOptions?: object) {
    return child.call(this, redactValue(bindings) as Record<string, unknown>, childOptions);
  } as typeof logger.child;
  return logger;
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
