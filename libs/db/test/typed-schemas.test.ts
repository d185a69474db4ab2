import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** the services whose stores take their database typed as src/store/db.ts (issue 21) */
const TYPED = ['wallet', 'orders', 'settlement', 'lottery', 'catalog'];

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
});
