// The public catalogue under load (issue 20 item 5): filtered keyword searches
// through the gateway over 100,000 listed products, CONNECTIONS (32) at once
// for DURATION_S, against the bare gateway→NATS echo measured in the same run
// (target ≥ 0.25 of its req/s, p99 ≤ 100 ms). Issue 4's figure stays: the p95
// of the same searches one at a time, next to the floor of the same path (a
// public read of one missing product).
import { randomInt, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { CONNECTIONS, DURATION_S, loadResultOf, type LoadResult } from './http-load.ts';
import { cpuShares } from './cpu-shares.ts';
import { loadPlatform } from './load-platform.ts';
import { categories, domains, kinds, pick, places, voucherCodes, writeListings } from './listings.ts';

const PRODUCTS = Number(process.env.BENCH_CATALOG_PRODUCTS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_CATALOG_SAMPLES ?? 400);
const TARGET_RATIO = 0.25;
const TARGET_P99_MS = 100;

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

/** `SAMPLES` requests one after another: their latency percentiles and mean total of matches. */
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

/** GETs of `pathOf()`'s paths, a new one per request, with CONNECTIONS for DURATION_S: load()'s figures. */
async function searchLoad(base: string, pathOf: () => string): Promise<LoadResult & { distinctSearches: number }> {
  const seen = new Set<string>();
  const r = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        setupRequest: (req: any) => {
          const path = pathOf();
          seen.add(path);
          return { ...req, method: 'GET', path };
        },
      },
    ],
  });
  return { ...loadResultOf(r), distinctSearches: seen.size };
}

export async function run(): Promise<object> {
  const p = await loadPlatform('benchcat', 18950);
  try {
    const loadStarted = Date.now();
    await writeListings(p.db, PRODUCTS);
    // a catalogue that has been running: autovacuum has visited the rows (hint bits, visibility map)
    await p.db.query('VACUUM ANALYZE catalog.listings');
    const bulkLoadMs = Date.now() - loadStarted;
    const base = p.url;
    // warm the caches the way a running catalogue would be
    await latencies(base, searchPath);
    const search = await latencies(base, searchPath);
    const floor = await latencies(base, () => `/api/v1/catalog/products/${randomUUID()}`);
    const { result: loaded, cpu } = await cpuShares(() => searchLoad(base, searchPath));
    // the platform stopped, the bare gateway→NATS echo has the cores to itself (A10's floor)
    const echo = await p.floor();
    const ratio = +(loaded.requestsPerSecond / echo.requestsPerSecond).toFixed(3);
    return {
      at: new Date().toISOString(),
      products: PRODUCTS,
      bulkLoadMs,
      target: `issue 20 item 5: filtered keyword searches at ${PRODUCTS} products, ${CONNECTIONS} connections, ≥ ${TARGET_RATIO} × the gateway→NATS echo's req/s, p99 ≤ ${TARGET_P99_MS} ms`,
      underLoad: {
        counts:
          'GETs of filtered keyword searches (a keyword and one or two of category, voucher category, voucher-only, price range, region, sort), each a new random pick',
        ...loaded,
        connections: CONNECTIONS,
        seconds: DURATION_S,
        cpu,
      },
      floors: { gatewayNatsEcho: echo },
      ratios: { searchRequestsPerSecondToEcho: ratio },
      met: { ratio: ratio >= TARGET_RATIO, p99: loaded.p99Ms <= TARGET_P99_MS },
      oneAtATime: {
        target: 'issue 4: the p95 of a filtered keyword search at 100,000 products',
        filteredKeywordSearchMs: { ...search, samples: SAMPLES, meanTotalHits: search.hits },
        floorMs: { ...floor, path: 'GET /catalog/products/{missing id}: gateway, NATS, catalog, one primary-key read' },
        ratioP95: +(search.p95 / floor.p95).toFixed(2),
      },
    };
  } finally {
    await p.close();
  }
}
