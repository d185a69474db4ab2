import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the wallet’s typed schema (issue 21)', () => {
  it('is what its migrations give: a migration without store/db.ts regenerated fails here', () => {
    // scripts/db-types.ts migrates a scratch database and compares kysely-codegen's output with the file
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/db-types.ts', '--verify', 'wallet'], {
        cwd: ROOT,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  }, 60_000);
});
