// `npm run bench`: the benchmarks of ARCHITECTURE A10, one after the other (each
// measures its own floor in the same run), each written to .data/bench/<name>.json.
// BENCH_ONLY=foundation|draw|grab|reservations|wallet|catalog|orders|portal|cluster|notifications|observability
// runs one of them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/platform.mjs';

// imported lazily: a benchmark's set-up (and its dependencies) load only when it runs
const benchmarks: Record<string, () => Promise<{ run(): Promise<object> }>> = {
  foundation: () => import('./foundation.ts'),
  draw: () => import('./draw.ts'),
  grab: () => import('./grab.ts'),
  reservations: () => import('./reservations.ts'),
  wallet: () => import('./wallet.ts'),
  catalog: () => import('./catalog.ts'),
  orders: () => import('./orders.ts'),
  portal: () => import('./portal.ts'),
  cluster: () => import('./cluster.ts'),
  notifications: () => import('./notifications.ts'),
  observability: () => import('./observability.ts'),
};

const only = process.env.BENCH_ONLY;
if (only && !(only in benchmarks)) {
  throw new Error(`BENCH_ONLY=${only}: expected one of ${Object.keys(benchmarks).join(', ')}`);
}
mkdirSync(join(ROOT, '.data', 'bench'), { recursive: true });
for (const [name, load] of Object.entries(benchmarks)) {
  if (only && name !== only) continue;
  try {
    const report = await (await load()).run();
    writeFileSync(join(ROOT, '.data', 'bench', `${name}.json`), JSON.stringify(report, null, 2));
    console.log(JSON.stringify(report, null, 2));
  } catch (err) {
    // the next benchmark still runs; the command fails at the end
    console.error(`bench ${name} failed:`, err);
    process.exitCode = 1;
  }
}
