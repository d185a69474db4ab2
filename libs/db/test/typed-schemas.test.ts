import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaMismatches } from '../../../scripts/hand-written-schema.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** the services whose stores take their database typed as src/store/db.ts (issue 21) */
const TYPED = ['wallet', 'orders', 'settlement', 'lottery', 'catalog'];
/** the services whose stores take it as a hand-written src/store/schema.ts, narrower than codegen's */
const HAND_WRITTEN = ['identity', 'qualification', 'notifications', 'scheduler', 'gateway'];

describe('a typed service’s schema (issue 21)', () => {
  it.each(TYPED)(
    '%s: is what its migrations give, so a migration without its db.ts regenerated fails',
    (service) => {
      expect(existsSync(join(ROOT, 'services', service, 'src', 'store', 'db.ts'))).toBe(true);
      // scripts/db-types.ts migrates a scratch database and compares kysely-codegen's output with the file
      expect(() =>
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/db-types.ts', '--verify', service], {
          cwd: ROOT,
          stdio: 'pipe',
        }),
      ).not.toThrow();
    },
    60_000,
  );

  it.each(HAND_WRITTEN)(
    '%s: its hand-written schema names every table and column its migrations make, with their nullability',
    (service) => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-types.ts', '--check', service], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      // the mismatches, one a line
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
    60_000,
  );

  it('the check reports a table or column either side lacks, a nullability they disagree on, an insert left optional that the database requires, and a type of another family', () => {
    const generated = `
      import type { ColumnType } from "kysely";
      export type Generated<T> = T extends ColumnType<infer S, infer I, infer U>
        ? ColumnType<S, I | undefined, U>
        : ColumnType<T, T | undefined, T>;
      export type Int8 = ColumnType<string, bigint | number | string, bigint | number | string>;
      export type Json = unknown;
      export type Timestamp = ColumnType<Date, Date | string, Date | string>;
      export interface Jobs { name: string; last_run_at: Timestamp; outcome: string; }
      export interface Runs {
        id: Generated<Int8>;
        job: string;
        started_at: Timestamp;
        started_by: string | null;
        detail: Generated<Json>;
        tags: string[];
        tries: number;
        attempt: number;
      }
      export interface Outbox { id: string; }
      export interface DB { jobs: Jobs; outbox: Outbox; runs: Runs; "audit.entries": Jobs; }
    `;
    const handWritten = `
      import type { Generated } from 'kysely';
      type JobName = 'sweep' | 'remind';
      type UserId = string & { readonly __brand: 'UserId' };
      export interface RunsDb {
        runs: {
          id: Generated<number>;
          job: JobName | null;
          started_at: Generated<Date>;
          started_by: UserId;
          detail: Record<string, unknown>;
          tags: \`#\${string}\`[];
          tries: string;
          finished_at: Date;
        };
        "audit.entries": { name: string; last_run_at: Date; outcome: 'ok' | 'failed' };
        job_locks: { name: string };
      }
    `;
    expect(schemaMismatches(generated, handWritten, join(import.meta.dirname, 'schema.ts')).sort()).toEqual([
      'job_locks: schema.ts names this table, the migrations make none',
      'jobs: the migrations make this table, schema.ts does not name it',
      'runs.attempt: the migrations make this column, schema.ts does not name it',
      'runs.finished_at: schema.ts names this column, the migrations make none',
      'runs.job: the migrations say not null (string), schema.ts says nullable (JobName | null)',
      'runs.started_at: the migrations say required on insert (Timestamp, no default), schema.ts says optional on insert (Generated<Date>)',
      'runs.started_by: the migrations say nullable (string | null), schema.ts says not null (UserId)',
      'runs.tries: the migrations say number (number), schema.ts says string (string)',
    ]);
  });
});
