import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { catalog, qualificationEvents, type Caller, type ProductSearch } from '@voucher/contracts';
import { createLogger, createRedis, type Redis } from '@voucher/kit';
import { startService, type RunningService } from '@voucher/runtime';
import { answerCache, listingsChanged, type ListingsChanged } from '../src/handlers/search-cache.ts';
import { listingStore, walkInOrder } from '../src/store/listings.ts';
import { catalogService } from '../src/service.ts';
import { listedInBulk } from './fixtures/listings.ts';
import { approver, catalogHarness, expert, operator, type CatalogHarness } from './harness.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** A load whose answer the test gives when it wants. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

describe('a replica’s kept answers', () => {
  it('are kept for their time, then read again', async () => {
    const cache = answerCache({ keepMs: 60, maxEntries: 10 });
    let reads = 0;
    const load = async () => ++reads;
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    await sleep(80);
    expect(await cache.get('a', load)).toBe(2);
  });

  it('share one read among concurrent misses, and keep at most maxEntries, the least recently used forgotten', async () => {
    const cache = answerCache({ keepMs: 60_000, maxEntries: 2 });
    let reads = 0;
    const slow = deferred<number>();
    const load = () => {
      reads++;
      return slow.promise;
    };
    const both = Promise.all([cache.get('a', load), cache.get('a', load)]);
    slow.resolve(7);
    expect(await both).toEqual([7, 7]);
    expect(reads).toBe(1);
    await cache.get('b', async () => 8);
    await cache.get('a', load); // a used again: b is now the oldest
    await cache.get('c', async () => 9);
    expect(cache.size).toBe(2);
    expect(await cache.get('b', async () => 80)).toBe(80);
    expect(await cache.get('c', async () => 90)).toBe(9);
  });

  it('never keep a read that began before a change, and keep nothing while a change is about to commit', async () => {
    const cache = answerCache({ keepMs: 60_000, maxEntries: 10 });
    const before = deferred<string>();
    const reading = cache.get('a', () => before.promise);
    cache.forget();
    before.resolve('old');
    expect(await reading).toBe('old');
    expect(await cache.get('a', async () => 'new')).toBe('new');
    cache.pause(100);
    expect(cache.size).toBe(0);
    expect(await cache.get('a', async () => 'during')).toBe('during');
    expect(await cache.get('a', async () => 'still read')).toBe('still read');
    await sleep(120);
    expect(await cache.get('a', async () => 'kept')).toBe('kept');
    expect(await cache.get('a', async () => 'not read')).toBe('kept');
  });
});

let h: CatalogHarness;
let second: RunningService;
let provider: Caller;

beforeAll(async () => {
  h = await catalogHarness('catcache');
  // a second replica of the catalog in the same deployment: the searches below go to either
  second = await startService(catalogService, { env: h.iso.env, installSignals: false, migrationsDir });
  await h.category('CERT');
  await h.category('DIAG');
  provider = await h.provider({ name: '济南缓存验证信息技术有限公司' });
});
afterAll(async () => {
  await second.stop();
  await h.close();
});

const search = (f: Partial<ProductSearch> = {}) =>
  h.call(catalog.search, { page: 1, pageSize: 20, sort: 'newest', ...f });
/** several searches, so both replicas answer: every one of them must satisfy `expected` */
async function everyReplica(f: Partial<ProductSearch>) {
  return Promise.all(Array.from({ length: 8 }, () => search(f)));
}
const idsOf = (answers: Awaited<ReturnType<typeof search>>[]) => answers.map((a) => a.items.map((p) => p.id));

describe('the replicas forget together', () => {
  it('when one of them announces a change through Redis', async () => {
    const redis: Redis = createRedis(h.iso.env.REDIS_URL!, h.iso.env.REDIS_PREFIX ?? 'voucher:');
    const logger = createLogger('catalog-cache-test', 'silent');
    const caches = [answerCache({ keepMs: 60_000, maxEntries: 10 }), answerCache({ keepMs: 60_000, maxEntries: 10 })];
    const prefix = `${h.iso.env.REDIS_PREFIX ?? ''}unit:`;
    const told: ListingsChanged[] = [];
    try {
      for (const c of caches) told.push(await listingsChanged([c], { redis, prefix, logger }));
      for (const c of caches) await c.get('a', async () => 1);
      expect(caches.map((c) => c.size)).toEqual([1, 1]);
      await told[0]!.committed();
      expect(caches[0]!.size).toBe(0);
      await expect.poll(() => caches[1]!.size, { timeout: 1_000, interval: 5 }).toBe(0);
    } finally {
      for (const t of told) await t.stop();
      redis.disconnect();
    }
  });
});

describe('CAT-4 search with kept answers, two replicas', () => {
  it('a listing, an approved edit and a delisting are in the next searches of every replica', async () => {
    const q = { q: '缓存验证' };
    expect(idsOf(await everyReplica(q)).flat()).toEqual([]);
    const firstPage = await everyReplica({});

    const product = await h.listed(provider, { name: '缓存验证诊断服务' });
    // the replica that listed it forgot before it answered; the other heard Redis meanwhile
    await expect
      .poll(async () => idsOf(await everyReplica(q)), { timeout: 1_000, interval: 10 })
      .toEqual(Array.from({ length: 8 }, () => [product.id]));
    // the unfiltered first page (newest first) shows it on top
    expect((await everyReplica({})).map((a) => a.items[0]!.id)).toEqual(Array(8).fill(product.id));
    expect((await everyReplica({}))[0]!.total).toBe(firstPage[0]!.total + 1);

    await h.call(
      catalog.updateProduct,
      { id: product.id, content: h.content(provider, { name: '缓存验证审计服务' }) },
      provider,
    );
    await h.call(catalog.submitProduct, { id: product.id }, provider);
    // under review, the listed version stays as it was
    expect((await everyReplica(q)).map((a) => a.items[0]!.name)).toEqual(Array(8).fill('缓存验证诊断服务'));
    await h.call(catalog.approve, { id: product.id }, operator);
    await h.call(catalog.approve, { id: product.id }, expert);
    await h.call(catalog.approve, { id: product.id }, approver);
    await expect
      .poll(async () => (await everyReplica(q)).map((a) => a.items.map((p) => p.name)), {
        timeout: 1_000,
        interval: 10,
      })
      .toEqual(Array(8).fill(['缓存验证审计服务']));
    expect(idsOf(await everyReplica({ q: '缓存验证诊断' })).flat()).toEqual([]);

    await h.call(catalog.delistProduct, { id: product.id }, provider);
    await expect
      .poll(async () => (await everyReplica(q)).map((a) => a.total), { timeout: 1_000, interval: 10 })
      .toEqual(Array(8).fill(0));
    expect((await everyReplica({})).map((a) => a.total)).toEqual(Array(8).fill(firstPage[0]!.total));
  });

  it('a provider renamed, then revoked, is in every replica’s answers within a second and a half', async () => {
    const other = await h.provider({ name: '青岛改名前科技有限公司', city: '青岛市' });
    const product = await h.listed(other, { name: '缓存改名验证咨询' });
    const q = { q: '改名验证' };
    expect((await everyReplica(q)).map((a) => a.items[0]?.providerName)).toEqual(
      Array(8).fill('青岛改名前科技有限公司'),
    );
    const facts = {
      providerId: other.userId,
      companyName: '青岛改名后科技有限公司',
      creditCode: '91370100MA3C0000X1',
      region: { scope: 'city' as const, city: '青岛市' },
      serviceScopes: ['诊断咨询'],
      applicationId: product.id,
      at: new Date().toISOString(),
    };
    await h.announce(qualificationEvents.providerUpdated, facts);
    await expect
      .poll(async () => (await everyReplica(q)).map((a) => a.items[0]?.providerName), {
        timeout: 1_500,
        interval: 20,
      })
      .toEqual(Array(8).fill('青岛改名后科技有限公司'));
    await h.announce(qualificationEvents.providerRevoked, {
      applicantId: other.userId,
      applicationId: product.id,
      kind: 'provider_certification',
      year: null,
      reason: '资质撤销',
      by: approver.userId,
      at: new Date().toISOString(),
    });
    await expect
      .poll(async () => (await everyReplica(q)).map((a) => a.total), { timeout: 1_500, interval: 20 })
      .toEqual(Array(8).fill(0));
  });

  it('answers as PostgreSQL holds the listings: kept or read, and each summary as the product page shows it', async () => {
    await h.listed(provider, {
      name: '缓存一致性验证贯标服务',
      voucherTerms: { acceptedCategories: ['DIAG'], maxVoucherPerUnit: 100_000, annualLimitPerEnterprise: 1 },
    });
    await h.listed(provider, { name: '缓存一致性验证认证服务', tags: ['认证', '贯标'] });
    const f = { q: '一致性验证', sort: 'price_asc' as const };
    const answers = await everyReplica(f);
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]!.total).toBe(2);
    for (const item of answers[0]!.items) {
      const detail = await h.call(catalog.productDetail, { id: item.id });
      const { version: _v, content: _c, provider: _p, evaluations: _e, recommendations: _r, ...summary } = detail;
      expect(item).toEqual(summary);
    }
  });

  it('refuses a bad page, an over-long keyword and a price range upside down, and the answers stay as they were', async () => {
    const before = await search({ sort: 'price_asc' });
    const rows = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM listings`.execute(h.service.db)).rows[0]!.n;
    const listed = await rows();
    const base = { page: 1, pageSize: 20, sort: 'newest' } as const;
    for (const wrong of [
      { ...base, page: 0 },
      { ...base, page: -3 },
      { ...base, pageSize: 101 },
      { ...base, q: '诊'.repeat(51) },
      { ...base, minPrice: 800_000, maxPrice: 100_000 },
      { ...base, minPrice: -1 },
    ]) {
      expect((await h.refusal(catalog.search, wrong as ProductSearch)).code).toBe('VALIDATION_FAILED');
    }
    expect(await search({ sort: 'price_asc' })).toEqual(before);
    expect(await rows()).toBe(listed);
  });
});

describe('a page read by walking the sort’s index', () => {
  it('holds the same listings in the same order as one read through the keyword index', async () => {
    await listedInBulk(h.service.db, provider.userId, 1_500);
    const db = h.service.db;

    const store = listingStore(db);
    const listed = await store.count({ page: 1, pageSize: 20, sort: 'newest' });
    let walked = 0;
    for (const filters of [
      { q: '智能' },
      { q: '诊断服务' },
      { q: '工业互联网', voucherOnly: true },
      { q: 'iso', category: '诊断服务' as const },
      { q: '数据安全', region: '济南市', voucherCategory: 'DIAG' },
      { q: '质量', minPrice: 100_000, maxPrice: 250_000 },
      { region: '青岛市' },
    ]) {
      for (const sort of ['newest', 'price_asc', 'price_desc'] as const) {
        for (const [page, pageSize] of [
          [1, 20],
          [3, 20],
          [2, 7],
        ] as const) {
          const f: ProductSearch = { ...filters, sort, page, pageSize };
          const total = await store.count(f);
          const byIndex = await store.page(f, { walk: false });
          expect(await store.page(f, { walk: true })).toEqual(byIndex);
          if (walkInOrder(f, total, listed)) walked++;
          // the handler's answer, whichever way it read, is the same
          expect(await search(f)).toEqual({ items: byIndex, total, totalExact: true, page, pageSize });
        }
      }
    }
    expect(walked).toBeGreaterThan(0);
  });
});

describe('CAT-4: a search counts its matches up to 1,000', () => {
  it('says a broad search has at least 1,000, still reads its later pages, and counts a narrower one exactly', async () => {
    // 1,200 listings under one keyword, 400 of them in each category
    await listedInBulk(h.service.db, provider.userId, 1_200, '量子');
    const broad = await search({ q: '量子' });
    expect(broad).toMatchObject({ total: 1_000, totalExact: false });
    expect(broad.items).toHaveLength(20);
    // past the 1,000 the total names, the pages are still there, and they end where the matches do
    expect((await search({ q: '量子', page: 51 })).items).toHaveLength(20);
    expect((await search({ q: '量子', page: 60 })).items).toHaveLength(20);
    expect((await search({ q: '量子', page: 61 })).items).toEqual([]);
    expect(await search({ q: '量子', category: '诊断服务' })).toMatchObject({ total: 400, totalExact: true });
  });
});
