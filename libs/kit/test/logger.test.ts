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

describe('logs never carry personal data, at any depth (issue 16)', () => {
  const MOBILE = '13812345678';
  const ID_NUMBER = '32010219900101123X';
  const CREDIT_CODE = '91320100MA1XY2K34B';
  const BANK_ACCOUNT = '6222020200112233445';
  const personal = [MOBILE, ID_NUMBER, CREDIT_CODE, BANK_ACCOUNT];
  const logged = (write: (logger: ReturnType<typeof createLogger>) => void) => {
    const { lines, logger } = captured();
    write(logger);
    return lines.join('');
  };

  it('by field name, five levels deep and inside arrays', () => {
    const line = logged((l) =>
      l.info(
        {
          request: {
            body: {
              enterprise: {
                contacts: [{ name: '张三', mobile: MOBILE, idNumber: ID_NUMBER }],
                certification: { creditCode: CREDIT_CODE },
              },
              account: { bank: '中国工商银行', branch: '济南分行', accountName: '济南慧通', number: BANK_ACCOUNT },
            },
          },
        },
        'submitted',
      ),
    );
    for (const value of personal) expect(line).not.toContain(value);
    expect(JSON.parse(line).request.body.enterprise.contacts[0]).toEqual({
      name: '张三',
      mobile: '[redacted]',
      idNumber: '[redacted]',
    });
  });

  it('by shape, inside any text: the message, interpolated values, free-text fields', () => {
    const line = logged((l) => {
      l.info({ note: `客户 ${MOBILE}，身份证 ${ID_NUMBER}，信用代码 ${CREDIT_CODE}，账号 ${BANK_ACCOUNT}` }, 'note');
      l.warn(`sms to ${MOBILE} failed`);
      l.info('sent to %s', MOBILE);
    });
    for (const value of personal) expect(line).not.toContain(value);
    expect(line).toContain('客户 [mobile]，身份证 [id number]，信用代码 [credit code]，账号 [bank account]');
    expect(line).toContain('sms to [mobile] failed');
  });

  it("in an error: its message, stack, own fields and cause, keeping the error's code", () => {
    const cause = Object.assign(new Error(`duplicate ${MOBILE}`), {
      detail: `Key (mobile)=(${MOBILE}) already exists.`,
    });
    const err = Object.assign(new Error(`could not register ${MOBILE}`, { cause }), { code: '23505' });
    const line = JSON.parse(logged((l) => l.error({ err }, 'failed')));
    expect(JSON.stringify(line)).not.toContain(MOBILE);
    expect(line.err).toMatchObject({
      type: 'Error',
      message: 'could not register [mobile]',
      code: '23505',
      cause: { detail: 'Key (mobile)=([mobile]) already exists.' },
    });
  });

  it("in a child's bindings", () => {
    const line = logged((l) => l.child({ mobile: MOBILE, subject: `sms ${MOBILE}` }).info('bound'));
    expect(line).not.toContain(MOBILE);
  });

  it('leaves what is not personal: order and voucher numbers, ids, times in ms, amounts', () => {
    const fields = {
      orderNo: '202611251019317670200001',
      voucherNumber: '20260000001',
      orderId: '0193a5b0-0000-7000-8000-000000000001',
      storageKey: 'stats-vouchers-category-1733472000000-x1.csv',
      amount: 13812345678,
    };
    expect(JSON.parse(logged((l) => l.info(fields, 'kept')))).toMatchObject(fields);
  });

  it('survives a cycle', () => {
    const a: Record<string, unknown> = { mobile: MOBILE };
    a.self = a;
    expect(JSON.parse(logged((l) => l.info({ a }, 'cycle'))).a).toEqual({ mobile: '[redacted]', self: '[circular]' });
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
