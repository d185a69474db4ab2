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
