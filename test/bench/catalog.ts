// Issue 4's search figure: the p95 of filtered keyword searches through the
// gateway over 100,000 listed products, next to the floor of the same path
// (a public catalogue read of one missing product) measured in the same run.
import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import autocannon from 'autocannon';
import { isolate } from '@voucher/testing';
import { launchPlatform } from '../../scripts/platform.mjs';
import { categories, domains, kinds, pick, places, voucherCodes, writeListings } from './listings.ts';

const PRODUCTS = Number(process.env.BENCH_CATALOG_PRODUCTS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_CATALOG_SAMPLES ?? 400);

async function bulkLoad(db: pg.Pool): Promise<number> {
  const started = Date.now();
  await writeListings(db, PRODUCTS);
  // a catalogue that has been running: autovacuum has visited the rows (hint bits, visibility map)
  await db.query('VACUUM ANALYZE catalog.listings');
  return Date.now() - started;
}

/** The filtered keyword searches a client would make: a keyword with one or two filters. */
function searchPath(): string {
  const q = new URLSearchParams({
    q: pick([pick(domains), pick(kinds), pick(domains).slice(0, 2), pick(['ISO', 'DCMM', 'MES'])]),
  });
  const filters = [
    () => q.set('category', pick(categories)),
    () => q.set('voucherOnly', 'true'),
    () => q.set('voucherCategory', pick(voucherCodes)),
    () => {
      q.set('minPrice', '100000');
      q.set('maxPrice', '800000');
    },
    () => q.set('region', `${pick(places)}市`),
    () => q.set('sort', pick(['price_asc', 'price_desc', 'newest'])),
  ];
  pick(filters)();
  if (randomInt(0, 2)) pick(filters)();
  return `/api/v1/catalog/products?${q}`;
}

function percentile(sorted: number[], p: number): number {
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
}

async function latencies(
  base: string,
  pathOf: () => string,
): Promise<{ p50: number; p95: number; p99: number; hits: number }> {
  const ms: number[] = [];
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    const res = await fetch(`${base}${pathOf()}`);
    const body = (await res.json()) as { total?: number };
    ms.push(performance.now() - t);
    if (res.status !== 200 && res.status !== 404) throw new Error(`search answered ${res.status}`);
    hits += body.total ?? 0;
  }
  ms.sort((a, b) => a - b);
  return {
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    hits: Math.round(hits / SAMPLES),
  };
}

export async function run(): Promise<object> {
  const iso = await isolate('benchcat');
  const env = { ...iso.env, LOG_LEVEL: 'warn', GATEWAY_PORT: '18950', RATE_LIMIT_IP_PER_MINUTE: '100000000' };
  const platform = await launchPlatform({ env });
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 2 });
  try {
    const loadMs = await bulkLoad(db);
    const base = platform.gatewayUrl;
    // warm the caches the way a running catalogue would be
    await latencies(base, searchPath);
    const search = await latencies(base, searchPath);
    const floor = await latencies(base, () => `/api/v1/catalog/products/${randomUUID()}`);
    const loaded = await autocannon({
      url: base,
      connections: 8,
      duration: 10,
      requests: [{ setupRequest: (req: any) => ({ ...req, path: searchPath() }) }],
    });
    return {
      at: new Date().toISOString(),
      products: PRODUCTS,
      bulkLoadMs: loadMs,
      target: 'issue 4: report the p95 of a filtered keyword search at 100,000 products',
      filteredKeywordSearchMs: { ...search, samples: SAMPLES, meanTotalHits: search.hits },
      floorMs: { ...floor, path: 'GET /catalog/products/{missing id}: gateway, NATS, catalog, one primary-key read' },
      ratioP95: +(search.p95 / floor.p95).toFixed(2),
      underLoad: {
        connections: 8,
        requestsPerSecond: Math.round(loaded.requests.average),
        p50Ms: loaded.latency.p50,
        p99Ms: loaded.latency.p99,
        non2xx: loaded.non2xx,
      },
    };
  } finally {
    await platform.stop();
    await db.end();
    await iso.dispose();
  }
}
