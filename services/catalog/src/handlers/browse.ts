import {
  AppError,
  catalog,
  productContentSchema,
  SEARCH_TOTAL_SHOWN,
  validationFailed,
  type ProductSearch,
} from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { evaluationStore } from '../store/evaluations.ts';
import { countBound, listingStore, toListedTerms, toListingSummary, walkInOrder } from '../store/listings.ts';
import { providerStore } from '../store/providers.ts';
import type { CatalogDeps } from './deps.ts';
import { productNotFound } from './review-transition.ts';

const RECOMMENDATIONS = 6;
const RECENT_EVALUATIONS = 10;

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
    const [region, evaluations, recommendations] = await Promise.all([
      providerStore(deps.db).regionOf(row.provider_id),
      evaluationStore(deps.db).ofProduct(id, row.name, RECENT_EVALUATIONS),
      listings.sameCategory(id, row.category, RECOMMENDATIONS),
    ]);
    return {
      ...toListingSummary(row),
      version: row.version,
      content: productContentSchema.parse(row.content),
      provider: { id: row.provider_id, name: row.provider_name, region },
      evaluations,
      recommendations,
    };
  });

  // seed 000 §2: choose a provider, then its products
  bus.handle(catalog.providers, async ({ q, region, page, pageSize }) => ({
    ...(await providerStore(deps.db).pageOfCertified({ q, region, page, pageSize })),
    page,
    pageSize,
  }));

  bus.handle(catalog.provider, async ({ id, page, pageSize }) => {
    const provider = await providerStore(deps.db).findCertified(id);
    if (!provider) throw new AppError('NOT_FOUND', 'provider not found');
    const products = await listings.search({ providerId: id, page, pageSize, sort: 'newest' });
    return { ...provider, products: { ...products, page, pageSize } };
  });

  // for orders (ORD-1): the terms a product is sold on right now
  bus.handle(catalog.product, async ({ productId }) => {
    const row = await listings.find(productId);
    if (!row) throw new AppError('NOT_FOUND', 'the product is not listed');
    return toListedTerms(row);
  });
}
