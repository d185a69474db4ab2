import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { randomInt } from 'node:crypto';
import { SEARCH_TOTAL_SHOWN, type Caller, type ProductSearch } from '@voucher/contracts';
import { createLogger } from '@voucher/kit';
import { listingStore } from '../src/store/listings.ts';
import { searchIndex, type SearchIndex } from '../src/store/search-index.ts';
import { listedInBulk } from './fixtures/listings.ts';
import { catalogHarness, type CatalogHarness } from './harness.ts';

let h: CatalogHarness;
let first: Caller;
let second: Caller;
const logger = createLogger('search-index-test', 'silent');
const pick = <T>(xs: readonly T[]): T => xs[randomInt(0, xs.length)]!;

beforeAll(async () => {
  h = await catalogHarness('catindex');
  first = await h.provider({ name: '济南索引验证信息技术有限公司' });
  second = await h.provider({ name: '南京索引验证数字科技有限公司' });
  await listedInBulk(h.service.db, first.userId, 1_300);
  await listedInBulk(h.service.db, second.userId, 700, '量子');
});
afterAll(() => h.close());

/** The index's answer once it is built. */
async function whenBuilt(index: SearchIndex, f: ProductSearch) {
  let answer: Awaited<ReturnType<SearchIndex['search']>>;
  await expect.poll(async () => (answer = await index.search(f)), { timeout: 10_000, interval: 20 }).toBeDefined();
  return answer!;
}

/** What a client is shown of an answer: the page, and the total as far as it is counted (CAT-4). */
function shown(answer: { items: unknown[]; matched: number } | undefined) {
  return (
    answer && {
      items: answer.items,
      total: Math.min(answer.matched, SEARCH_TOTAL_SHOWN),
      totalExact: answer.matched <= SEARCH_TOTAL_SHOWN,
    }
  );
}

/** What PostgreSQL's statements answer: every match counted, and the page through the keyword index. */
async function fromTables(f: ProductSearch) {
  const store = listingStore(h.service.db);
  return shown({ items: await store.page(f), matched: await store.count(f) });
}

/** A search a client could make: a keyword or none, some filters, any sort, a page near the start or past the end. */
function anySearch(): ProductSearch {
  const f: ProductSearch = {
    sort: pick(['newest', 'price_asc', 'price_desc'] as const),
    page: pick([1, 1, 2, 3, 40, 200]),
    pageSize: pick([20, 7, 100]),
  };
  const q = pick([
    undefined,
    '智能',
    '数据安全',
    '安全',
    'iso',
    'ISO9001',
    'iso9',
    '量子',
    '量子南京',
    '南京智能制造',
    '制造诊',
    '诊断 认证',
    '区块链',
    '服务',
  ]);
  if (q !== undefined) f.q = q;
  if (randomInt(0, 3) === 0) f.category = pick(['诊断服务', '咨询服务', '体系认证'] as const);
  if (randomInt(0, 3) === 0) f.region = pick(['南京市', '济南市', '青岛市']);
  if (randomInt(0, 4) === 0) f.voucherCategory = pick(['DIAG', 'CERT']);
  if (randomInt(0, 4) === 0) f.voucherOnly = true;
  if (randomInt(0, 3) === 0) f.minPrice = pick([0, 50_000, 200_000]);
  if (randomInt(0, 3) === 0) f.maxPrice = pick([100_000, 250_000, 390_000]);
  if (randomInt(0, 5) === 0) f.providerId = pick([first.userId, second.userId]);
  return f;
}

describe('CAT-4: the search index in a replica’s memory', () => {
  it('answers every search with the same matches, order and page as PostgreSQL’s statements', async () => {
    const index = searchIndex(h.service.db, { maxListings: 10_000, logger });
    try {
      await whenBuilt(index, { sort: 'newest', page: 1, pageSize: 20 });
      let broad = 0;
      let some = 0;
      for (let i = 0; i < 400; i++) {
        const f = anySearch();
        const tables = await fromTables(f);
        expect(shown(await index.search(f)), JSON.stringify(f)).toEqual(tables);
        if (!tables!.totalExact) broad++;
        if (tables!.items.length > 0) some++;
      }
      // the searches drawn covered broad ones, narrower ones with a page, and empty ones
      expect(broad).toBeGreaterThan(0);
      expect(some).toBeGreaterThan(100);
    } finally {
      await index.stop();
    }
  });

  it('never answers for listings changed behind its back, and holds the change once rebuilt', async () => {
    const index = searchIndex(h.service.db, { maxListings: 10_000, logger });
    try {
      const f: ProductSearch = { q: '量子', sort: 'newest', page: 1, pageSize: 20 };
      const before = await whenBuilt(index, f);
      // written straight into the table, as another replica or an import would: this replica heard nothing
      await listedInBulk(h.service.db, second.userId, 3, '量子');
      expect(await index.search(f)).toBeUndefined();
      const after = await whenBuilt(index, f);
      expect(after.matched).toBe(before.matched + 3);
      expect(shown(after)).toEqual(await fromTables(f));
      // a change made in this replica: forgotten at once
      index.forget();
      expect(await index.search(f)).toBeUndefined();
      await whenBuilt(index, f);
    } finally {
      await index.stop();
    }
  });

  it('holds no catalogue larger than it may, and searches then read the tables', async () => {
    const listed = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM listings`.execute(h.service.db)).rows[0]!.n;
    const index = searchIndex(h.service.db, { maxListings: listed - 1, logger });
    try {
      await new Promise((res) => setTimeout(res, 500));
      expect(await index.search({ sort: 'newest', page: 1, pageSize: 20 })).toBeUndefined();
    } finally {
      await index.stop();
    }
  });
});
