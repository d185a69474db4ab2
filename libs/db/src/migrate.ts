import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { Migration } from './migration.ts';
import { platformMigrations } from './platform-tables.ts';

export type { Migration };

export async function readMigrations(dir: string): Promise<Migration[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const sqlFiles = files.filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    sqlFiles.map(async (f) => ({ version: f.replace(/\.sql$/, ''), sql: await readFile(join(dir, f), 'utf8') })),
  );
}

/** The schema holds migrations this code does not know: a newer release migrated it, and this one must not run on it. */
export class SchemaNewerThanCode extends Error {
  override name = 'SchemaNewerThanCode';
  constructor(
    readonly schema: string,
    readonly unknown: readonly string[],
  ) {
    super(
      `schema ${schema} was migrated by a newer release (${unknown.join(', ')} not known to this one): ` +
        'run the release that migrated it, or restore the database it expects',
    );
  }
}

/**
 * Applies the platform's own tables (outbox, inbox) and then the service's
 * versioned SQL files, each once and in its own transaction. An advisory lock
 * per schema lets replicas start together without migrating twice (A8), and a
 * replica of an older release refuses a schema a newer one has migrated,
 * before it reads or writes a row the older code would misunderstand.
 */
export async function migrate(pool: pg.Pool, schema: string, dir: string): Promise<string[]> {
  const migrations = [...platformMigrations, ...(await readMigrations(dir))];
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}, public`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v)).sort();
    if (unknown.length > 0) throw new SchemaNewerThanCode(schema, unknown);
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
        await client.query('COMMIT');
        applied.push(m.version);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${schema}/${m.version} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`]).catch(() => undefined);
    client.release();
  }
  return applied;
}
