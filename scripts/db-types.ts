// A typed schema per service, generated from its migrations (issue 21): each
// service named is migrated into a scratch database of its own, and
// kysely-codegen writes what PostgreSQL then holds to the service's
// src/store/db.ts. With --verify nothing is written: it fails when a committed
// file is not what the migrations give, so a migration without its schema
// regenerated fails the test suite (test/db-types.test.ts).
//
//   npm run db-types -- wallet orders          write
//   npm run db-types -- --verify wallet        check
//
// bigint columns (fen) come out as Int8, a string: what the driver returns.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { createPool, migrate } from '@voucher/db';

const ROOT = join(import.meta.dirname, '..');
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The service's schema as its migrations leave it, written to (or checked against) its store/db.ts. */
async function typesOf(service: string, verify: boolean): Promise<void> {
  if (!/^[a-z]+$/.test(service)) throw new Error(`not a service: ${service}`);
  const name = `dbtypes_${service}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const pool = createPool(url.toString(), service, 1);
    try {
      await migrate(pool, service, join(ROOT, 'services', service, 'migrations'));
    } finally {
      await pool.end();
    }
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'kysely-codegen'),
      [
        '--dialect',
        'postgres',
        '--url',
        url.toString(),
        '--default-schema',
        service,
        '--include-pattern',
        `${service}.*`,
        '--out-file',
        join(ROOT, 'services', service, 'src', 'store', 'db.ts'),
        '--log-level',
        'error',
        ...(verify ? ['--verify'] : []),
      ],
      { stdio: 'inherit' },
    );
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

const args = process.argv.slice(2);
const verify = args.includes('--verify');
for (const service of args.filter((a) => a !== '--verify')) await typesOf(service, verify);
