import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createLogger } from '@voucher/kit';
import { isolate, type Isolation } from '@voucher/testing';
import { createPool } from '../src/index.ts';

let iso: Isolation;
let pool: pg.Pool;
beforeAll(async () => {
  iso = await isolate('dblogged');
  pool = createPool(iso.databaseUrl, 'public', 1);
  await pool.query(`CREATE TABLE people (
    id serial PRIMARY KEY, mobile text NOT NULL, credit_code text NOT NULL,
    CONSTRAINT people_mobile_key UNIQUE (mobile), CONSTRAINT people_credit_code_key UNIQUE (credit_code))`);
});
afterAll(async () => {
  await pool.end();
  await iso.dispose();
});

const MOBILE = '13812345678';
const CREDIT_CODE = '91320100MA1XY2K34B';

/** What PostgreSQL answers a second insert of the same mobile: its error as the services catch it. */
async function uniqueViolation(column: 'mobile' | 'credit_code'): Promise<Error> {
  await pool.query('TRUNCATE people');
  await pool.query('INSERT INTO people (mobile, credit_code) VALUES ($1, $2)', [MOBILE, CREDIT_CODE]);
  const again = column === 'mobile' ? [MOBILE, '91320100MA1XY2K35C'] : ['13900000001', CREDIT_CODE];
  return pool.query('INSERT INTO people (mobile, credit_code) VALUES ($1, $2)', again).then(
    () => {
      throw new Error('the second insert was expected to fail');
    },
    (err: Error) => err,
  );
}

function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  write(createLogger('test', 'info', sink));
  return lines.join('');
}

describe('a PostgreSQL unique violation, as a service logs it, names no person (issue 16)', () => {
  it('keeps the code and the constraint, not the mobile in its detail', async () => {
    const err = await uniqueViolation('mobile');
    // the premise: PostgreSQL does put the value in the error
    expect((err as Error & { detail: string }).detail).toBe(`Key (mobile)=(${MOBILE}) already exists.`);
    const line = logged((l) => l.error({ err }, 'register failed'));
    expect(line).not.toContain(MOBILE);
    expect(JSON.parse(line).err).toMatchObject({
      code: '23505',
      constraint: 'people_mobile_key',
      detail: 'Key (mobile)=([mobile]) already exists.',
    });
  });

  it('nor the credit code, wherever the error is nested', async () => {
    const err = await uniqueViolation('credit_code');
    const line = logged((l) =>
      l.warn({ request: { subject: 'svc.qualification.submit', failure: { attempt: 2, err } } }, 'retrying'),
    );
    expect(line).not.toContain(CREDIT_CODE);
    expect(JSON.parse(line).request.failure.err).toMatchObject({
      code: '23505',
      detail: 'Key (credit_code)=([credit code]) already exists.',
    });
  });
});
