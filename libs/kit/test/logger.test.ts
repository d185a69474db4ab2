import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createLogger, lazyChild } from '../src/logger.ts';

function captured(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('test', 'info', sink) };
}

describe('logs never carry secrets (ARCHITECTURE A7)', () => {
  it.each([
    ['password', { password: 'Hunter#2026' }],
    ['PIN', { pin: '246810' }],
    ['nested token', { body: { refreshToken: 'abc.def.ghi' } }],
    ['SMS code', { req: { smsCode: '123456' } }],
    ['id number', { enterprise: { idNumber: '320102199001011234' } }],
    ['authorization header', { headers: { authorization: 'Bearer xyz' } }],
  ])('redacts a %s', (_what, fields) => {
    const { lines, logger } = captured();
    logger.info(fields, 'event');
    const line = lines.join('');
    const secret = JSON.stringify(fields).match(/:"([^"]+)"/)![1]!;
    expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });

  it('keeps the rest of the line', () => {
    const { lines, logger } = captured();
    logger.info({ userId: 'u1', password: 'x' }, 'login');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      service: 'test',
      userId: 'u1',
      msg: 'login',
      level: pino.levels.values.info,
    });
  });
});

describe('a lazy per-request child logger', () => {
  it('makes no pino child until a line is logged at an enabled level', () => {
    const { lines, logger } = captured();
    let made = 0;
    const counting = new Proxy(logger, {
      get: (target, prop) =>
        prop === 'child'
          ? (...args: Parameters<typeof logger.child>) => (made++, target.child(...args))
          : Reflect.get(target, prop, target),
    });
    const log = lazyChild(counting, { requestId: 'r-1' }).child({ userId: 'u-1' });
    log.debug({ detail: 1 }, 'not at info');
    expect(typeof log.warn).toBe('function');
    expect(log.isLevelEnabled('debug')).toBe(false);
    expect(made).toBe(0);
    expect(lines).toHaveLength(0);

    log.info({ pin: '246810' }, 'answered');
    expect(made).toBe(1);
    const line = JSON.parse(lines.join(''));
    expect(line).toMatchObject({ requestId: 'r-1', userId: 'u-1', msg: 'answered', pin: '[redacted]' });
  });
});
