// `npm run migrate`: every service migrates its own schema (ARCHITECTURE A6) and exits.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, SERVICES } from './platform.mjs';

for (const name of SERVICES) {
  const r = spawnSync(process.execPath, [join(ROOT, 'services', name, 'dist', 'main.js'), '--migrate-only'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`${name}: migration failed`);
    process.exit(1);
  }
}
console.log(`migrated: ${SERVICES.join(', ')}`);
