// Issue 4's search figure: the p95 of filtered keyword searches through the
// gateway over 100,000 listed products, next to the floor of the same path
// (a public catalogue read of one missing product) measured in the same run.
import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import autocannon from 'autocannon';
import { isolate } from '@voucher/testing';
import { launchPlatform } from '../../scripts/platform.mjs';
import { facetTerms, indexTerms, normalizeText } from '../../services/catalog/src/domain/search-terms.ts';

const PRODUCTS = Number(process.env.BENCH_CATALOG_PRODUCTS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_CATALOG_SAMPLES ?? 400);
const BATCH = 5_000;

const places = ['南京', '济南', '广州', '苏州', '青岛', '佛山', '无锡', '烟台', '东莞', '常州'];
const domains = [
  '智能制造',
  '数字化转型',
  '工业互联网',
  '数据安全',
  '上云用云',
  '两化融合',
  '质量管理',
  '能源管理',
  '供应链',
  '财务共享',
  '设备运维',
  '环境管理',
];
const kinds = ['诊断服务', '咨询服务', '体系认证', '贯标辅导', '解决方案', '审计服务', '培训课程', '平台订阅'];
const latin = ['ISO9001', 'ISO14001', 'DCMM', 'ERP', 'MES', 'CRM', 'SaaS', 'IoT', 'AI', ''];
const categories = ['解决方案与产品', '诊断服务', '体系认证', '审计服务', '咨询服务', '培训服务'];
const voucherCodes = ['DIAG', 'CERT', 'AUDIT', 'CLOUD'];
const pick = <T>(xs: readonly T[]) => xs[randomInt(0, xs.length)]!;

/** One listed product as the catalog would hold it, with its search terms computed by the catalog's own function. */
function listing(i: number, providers: { id: string; name: string }[]) {
  const provider = providers[i % providers.length]!;
  const name = `${pick(places)}${pick(domains)}${pick(kinds)}${pick(latin)}`;
  const category = pick(categories);
  const region = `${pick(places)}市`;
  const price = randomInt(10, 2_000) * 1_000;
  const accepts = randomInt(0, 3) > 0 ? [pick(voucherCodes)] : [];
  const content = {
    name,
    category,
    region,
    tags: [pick(kinds)],
    specs: [{ name: '标准版', purchaseMode: 'per_quantity', pricing: 'simple', price }],
    ...(accepts.length
      ? { voucherTerms: { acceptedCategories: accepts, maxVoucherPerUnit: price, annualLimitPerEnterprise: 2 } }
      : {}),
  };
  const text = [name, category, provider.name, ...content.tags].join(' ');
  return {
    id: randomUUID(),
    provider_id: provider.id,
    provider_name: provider.name,
    name,
    category,
    region,
    price,
    search_text: normalizeText(text),
    search_terms: [...indexTerms(text), ...facetTerms({ category, region, voucherCategories: accepts })],
    content,
  };
}

async function bulkLoad(db: pg.Pool): Promise<number> {
  const started = Date.now();
  const providers = Array.from({ length: 2_000 }, (_, i) => ({
    id: randomUUID(),
    name: `${pick(places)}第${i}数字科技有限公司`,
  }));
  await db.query(
    `INSERT INTO catalog.providers (provider_id, company_name, region, certified)
     SELECT (p->>'id')::uuid, p->>'name', '南京市', true FROM jsonb_array_elements($1::jsonb) p`,
    [JSON.stringify(providers)],
  );
  for (let from = 0; from < PRODUCTS; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, PRODUCTS - from) }, (_, k) => listing(from + k, providers));
    const json = JSON.stringify(rows);
    await db.query(
      `INSERT INTO catalog.products (id, provider_id, state, content)
       SELECT (r->>'id')::uuid, (r->>'provider_id')::uuid, 'listed', r->'content' FROM jsonb_array_elements($1::jsonb) r`,
      [json],
    );
    await db.query(
      `INSERT INTO catalog.listings (product_id, version, provider_id, provider_name, name, category, region, min_price, max_price,
                                     search_text, search_terms, content, listed_at)
       SELECT (r->>'id')::uuid, 1, (r->>'provider_id')::uuid, r->>'provider_name', r->>'name', r->>'category', r->>'region',
              (r->>'price')::bigint, (r->>'price')::bigint,
              r->>'search_text',
              ARRAY(SELECT jsonb_array_elements_text(r->'search_terms')), r->'content',
              now() - make_interval(secs => (random() * 86400 * 365)::int)
       FROM jsonb_array_elements($1::jsonb) r`,
      [json],
    );
  }
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
