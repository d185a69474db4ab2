import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { isolate, type Isolation } from '@voucher/testing';
import { createPool, migrate, SchemaNewerThanCode } from '../src/index.ts';

let iso: Isolation;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  iso = await isolate('dbmigrate');
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await iso.dispose();
});

/** A replica's own pool, as each process has one. */
const replicaPool = () => {
  const pool = createPool(iso.databaseUrl, 'public', 2);
  pools.push(pool);
  return pool;
};

/** A release: a folder of versioned SQL files. */
async function release(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'voucher-migrations-'));
  await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(join(dir, name), sql)));
  return dir;
}

const first = {
  '001_counters.sql': 'CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL)',
  // not idempotent: a second run fails on the key, so a double migration would show
  '002_seed.sql': "INSERT INTO counters VALUES ('applied', 1)",
};

describe('migrations when several replicas start together (A8)', () => {
  it('applies each migration once, whichever replica takes the lock first', async () => {
    const dir = await release(first);
    const applied = await Promise.all(Array.from({ length: 6 }, () => migrate(replicaPool(), 'replicas', dir)));
    expect(
      applied
        .flat()
        .filter((v) => !v.startsWith('000'))
        .sort(),
    ).toEqual(['001_counters', '002_seed']);
    const { rows } = await replicaPool().query('SELECT n FROM replicas.counters');
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('refuses to start a replica of an older release on a schema a newer release migrated, and changes nothing', async () => {
    const newer = await release({ ...first, '003_more.sql': 'ALTER TABLE counters ADD COLUMN note text' });
    const older = await release(first);
    await migrate(replicaPool(), 'rollout', newer);
    const refused = await migrate(replicaPool(), 'rollout', older).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(SchemaNewerThanCode);
    expect((refused as SchemaNewerThanCode).unknown).toEqual(['003_more']);
    expect((refused as Error).message).toMatch(/schema rollout was migrated by a newer release \(003_more/);
    const { rows } = await replicaPool().query('SELECT count(*)::int AS n FROM rollout.schema_migrations');
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
    // the lock is given back: the newer release still starts
    await expect(migrate(replicaPool(), 'rollout', newer)).resolves.toEqual([]);
  });
});
