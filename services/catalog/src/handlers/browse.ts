import { containing } from '@voucher/db';
import { sql } from 'kysely';
import { AppError, catalog, SEARCH_TOTAL_SHOWN, validationFailed, type ProductSearch } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { countBound, listingStore, toListedTerms, toListingSummary, walkInOrder } from '../store/listings.ts';
import type { CatalogDeps } from './deps.ts';
import { productNotFound } from './review-transition.ts';
import { toEvaluationView, type EvaluationRow } from './products.ts';
import { productContentSchema } from '@voucher/contracts';

const RECOMMENDATIONS = 6;
const RECENT_EVALUATIONS = 10;

interface ProviderRow {
  provider_id: string;
  company_name: string;
  region: string | null;
  service_scopes: string[];
  listed_products: number;
}
const toProviderSummary = (r: ProviderRow) => ({
  id: r.provider_id,
  name: r.company_name,
  region: r.region,
  serviceScopes: r.service_scopes,
  listedProducts: r.listed_products,
});

/** The filters of a search, every one that changes which listings match, in a fixed order. */
const filtersOf = (f: ProductSearch) => [
  f.q ?? null,
  f.category ?? null,
  f.voucherCategory ?? null,
  f.voucherOnly === true,
  f.minPrice ?? null,
  f.maxPrice ?? null,
  f.region ?? null,
  f.providerId ?? null,
];
const searchKey = (f: ProductSearch) => `search:${JSON.stringify([...filtersOf(f), f.sort, f.page, f.pageSize])}`;
const countKey = (f: ProductSearch, atMost?: number) => `count:${JSON.stringify([...filtersOf(f), atMost ?? null])}`;
const EVERYTHING: ProductSearch = { page: 1, pageSize: 20, sort: 'newest' };

/** CAT-4: public browsing; only listed versions are ever shown. */
export function registerBrowseHandlers(bus: Bus, deps: CatalogDeps): void {
  const listings = listingStore(deps.db);

  const counted = (f: ProductSearch, atMost?: number) =>
    deps.totals.get(countKey(f, atMost), () => listings.count(f, atMost));
  const fromTables = async (query: ProductSearch) => {
    const listed = await counted(EVERYTHING);
    // the matches counted as far as they matter (countBound): a broad search reads a bounded number of them
    const matched = await counted(query, countBound(query, listed));
    // past the last match there is nothing to read; else the plan follows how many match (walkInOrder)
    const items =
      (query.page - 1) * query.pageSize >= matched
        ? []
        : await listings.page(query, { walk: walkInOrder(query, matched, listed) });
    return { items, matched };
  };
  bus.handle(catalog.search, async (query) => {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw validationFailed([{ path: 'maxPrice', message: 'not below minPrice' }]);
    }
    // the same for everyone until a listing changes: kept in this replica (search-cache.ts); the total
    // is kept apart, as every sort and page of the same filters shares it
    return deps.answers.get(searchKey(query), async () => {
      // the index in memory when it is current (store/search-index.ts), else the tables
      const { items, matched } = (await deps.searchIndex.search(query)) ?? (await fromTables(query));
      return {
        items,
        total: Math.min(matched, SEARCH_TOTAL_SHOWN),
        totalExact: matched <= SEARCH_TOTAL_SHOWN,
        page: query.page,
        pageSize: query.pageSize,
      };
    });
  });

  bus.handle(catalog.productDetail, async ({ id }) => {
    const row = await listings.find(id);
    if (!row) throw productNotFound();
    const summary = toListingSummary(row);
    const [provider, counts, recent, recommendations] = await Promise.all([
      sql<{ region: string | null }>`SELECT region FROM providers WHERE provider_id = ${row.provider_id}`.execute(
        deps.db,
      ),
      sql<{ rating: string; n: number }>`SELECT rating, count(*)::int AS n FROM evaluations WHERE product_id = ${id}
        GROUP BY rating`.execute(deps.db),
      sql<EvaluationRow>`SELECT e.*, ${row.name}::text AS product_name FROM evaluations e WHERE e.product_id = ${id}
        ORDER BY e.at DESC, e.order_id LIMIT ${RECENT_EVALUATIONS}`.execute(deps.db),
      listings.sameCategory(id, row.category, RECOMMENDATIONS),
    ]);
    const by = Object.fromEntries(counts.rows.map((c) => [c.rating, c.n]));
    return {
      ...summary,
      version: row.version,
      content: productContentSchema.parse(row.content),
      provider: { id: row.provider_id, name: row.provider_name, region: provider.rows[0]?.region ?? null },
      evaluations: {
        total: (by.good ?? 0) + (by.neutral ?? 0) + (by.bad ?? 0),
        good: by.good ?? 0,
        neutral: by.neutral ?? 0,
        bad: by.bad ?? 0,
        recent: recent.rows.map(toEvaluationView),
      },
      recommendations,
    };
  });

  // seed 000 §2: choose a provider, then its products
  bus.handle(catalog.providers, async ({ q, region, page, pageSize }) => {
    const filter = sql.join(
      [
        sql`p.certified`,
        ...(q ? [sql`p.company_name ILIKE ${containing(q)}`] : []),
        ...(region ? [sql`p.region = ${region}`] : []),
      ],
      sql` AND `,
    );
    const [rows, total] = await Promise.all([
      sql<ProviderRow>`SELECT p.*, (SELECT count(*)::int FROM listings l WHERE l.provider_id = p.provider_id) AS listed_products
        FROM providers p WHERE ${filter} ORDER BY p.company_name, p.provider_id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(deps.db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM providers p WHERE ${filter}`.execute(deps.db),
    ]);
    return { items: rows.rows.map(toProviderSummary), total: total.rows[0]!.n, page, pageSize };
  });

  bus.handle(catalog.provider, async ({ id, page, pageSize }) => {
    const row = (
      await sql<ProviderRow>`SELECT p.*, (SELECT count(*)::int FROM listings l WHERE l.provider_id = p.provider_id) AS listed_products
        FROM providers p WHERE p.provider_id = ${id} AND p.certified`.execute(deps.db)
    ).rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'provider not found');
    const products = await listings.search({ providerId: id, page, pageSize, sort: 'newest' });
    return { ...toProviderSummary(row), products: { ...products, page, pageSize } };
  });

  // for orders (ORD-1): the terms a product is sold on right now
  bus.handle(catalog.product, async ({ productId }) => {
    const row = await listings.find(productId);
    if (!row) throw new AppError('NOT_FOUND', 'the product is not listed');
    return toListedTerms(row);
  });
}
