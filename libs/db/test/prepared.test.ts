import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { isolate, type Isolation } from '@voucher/testing';
import { createDb, createPool } from '../src/index.ts';

let iso: Isolation;
let pool: pg.Pool;
let db: Kysely<any>;
beforeAll(async () => {
  iso = await isolate('dbprepared');
  // one connection, so every statement below runs on the same one
  pool = createPool(iso.databaseUrl, 'public', 1);
  db = createDb(pool);
});
afterAll(async () => {
  await db.destroy();
  await iso.dispose();
});

const prepared = async () =>
  (
    await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`.execute(db)
  ).rows.map((r) => r.statement);

describe('statements the services repeat are prepared once per connection', () => {
  it('keeps a repeated query parsed under one name, and answers it with each call’s values', async () => {
    const twice = async (n: number) => (await sql<{ n: number }>`SELECT ${n}::int + 1 AS n`.execute(db)).rows[0]!.n;
    expect([await twice(1), await twice(41)]).toEqual([2, 42]);
    expect((await prepared()).filter((s) => s.includes('+ 1 AS n'))).toHaveLength(1);
  });

  it('sends a text of several statements as it is', async () => {
    await sql`SELECT 1 AS one; SELECT 2 AS two`.execute(db);
    expect((await prepared()).some((s) => s.includes('SELECT 2 AS two'))).toBe(false);
  });

  it('sends settings and schema changes as they are, inside a transaction too', async () => {
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL work_mem = '8MB'`.execute(trx);
      await sql`CREATE TEMP TABLE scratch (n int) ON COMMIT DROP`.execute(trx);
      await sql`INSERT INTO scratch VALUES (${7})`.execute(trx);
    });
    const statements = await prepared();
    expect(statements.some((s) => s.includes('SET LOCAL') || s.includes('CREATE TEMP'))).toBe(false);
    expect(statements.some((s) => s.includes('INSERT INTO scratch'))).toBe(true);
  });

  it('finds a temporary table made again under the same name by a later transaction', async () => {
    for (const n of [1, 2]) {
      const got = await db.transaction().execute(async (trx) => {
        await sql`CREATE TEMP TABLE again (n int) ON COMMIT DROP`.execute(trx);
        await sql`INSERT INTO again VALUES (${n})`.execute(trx);
        return (await sql<{ n: number }>`SELECT n FROM again`.execute(trx)).rows[0]!.n;
      });
      expect(got).toBe(n);
    }
  });
});
