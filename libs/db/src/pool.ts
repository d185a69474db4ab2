import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { preparingPool } from './prepared.ts';

export type Pool = pg.Pool;

/**
 * A pool whose connections see the service's own schema first (ARCHITECTURE
 * A6): a service writes unqualified table names and cannot reach another's by accident.
 */
export function createPool(url: string, schema: string, max: number): pg.Pool {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max,
    options: `-c search_path=${schema},public`,
    idleTimeoutMillis: 30_000,
  });
  // A connection the server drops while it is checked out but between two statements (a transaction
  // waiting on NATS, say) emits 'error' with nobody listening, which would end the process: the
  // pool's own error event takes it instead. The statement that comes next fails, and the broken
  // connection is not handed out again (A8: a PostgreSQL restart is survived).
  pool.on('connect', (client) => client.on('error', (err) => pool.emit('error', err, client)));
  return pool;
}

export function createDb<DB>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) as unknown as pg.Pool }) });
}

// bigint (int8) columns carry fen and counters: parse them as JS numbers,
// safe up to 2^53 fen (≈ 90 trillion yuan), far beyond any programme.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
