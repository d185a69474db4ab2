// A typed schema per service, generated from its migrations (issue 21): each
// service named is migrated into a scratch database of its own, and
// kysely-codegen writes what PostgreSQL then holds to the service's
// src/store/db.ts. With --verify nothing is written: it fails when a committed
// file is not what the migrations give, so a migration without its schema
// regenerated fails the test suite (libs/db/test/typed-schemas.test.ts).
//
// Identity, qualification, notifications, scheduler and the gateway keep a
// hand-written src/store/schema.ts instead, narrower than the database can
// say (a jsonb column's shape, a text column's union of states). With --check
// codegen writes to a temporary file, and scripts/hand-written-schema.ts holds
// schema.ts against it: the same tables and columns, the same nullability,
// nothing optional on insert that the database requires, and each type of the
// family its column holds. Each difference is printed on a line of its own and
// the exit code is 1, so a migration that leaves schema.ts behind fails the
// suite too.
//
//   npm run db-types -- wallet orders          write
//   npm run db-types -- --verify wallet        check db.ts
//   npm run db-types -- --check identity       check schema.ts
//
// bigint columns (fen) come out as number: libs/db's pool has the driver parse
// int8 to a number (fen stay far below 2^53), and a schema that said string
// would let code treat an amount as text.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPool, migrate } from '@voucher/db';
import { schemaMismatches } from './hand-written-schema.ts';

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

/** kysely-codegen's schema of the service as its migrations leave a scratch database, written to `outFile` (or, with --verify, held against it). */
async function generate(service: string, outFile: string, codegenFlags: string[] = []): Promise<void> {
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
        outFile,
        '--log-level',
        'error',
        '--type-mapping',
        JSON.stringify({ int8: 'number' }),
        ...codegenFlags,
      ],
      { stdio: 'inherit' },
    );
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Where the service's hand-written schema.ts and what its migrations make disagree, one line each. */
async function check(service: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), `dbtypes-${service}-`));
  try {
    await generate(service, join(dir, 'db.ts'));
    const schemaPath = join(ROOT, 'services', service, 'src', 'store', 'schema.ts');
    return schemaMismatches(await readFile(join(dir, 'db.ts'), 'utf8'), await readFile(schemaPath, 'utf8'), schemaPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const mode = args.find((a) => a === '--verify' || a === '--check');
for (const service of args.filter((a) => a !== mode)) {
  if (mode === '--check') {
    const mismatches = await check(service);
    for (const mismatch of mismatches) console.error(`${service}: ${mismatch}`);
    if (mismatches.length > 0) process.exitCode = 1;
  } else {
    const dbTs = join(ROOT, 'services', service, 'src', 'store', 'db.ts');
    await generate(service, dbTs, mode === '--verify' ? ['--verify'] : []);
  }
}
