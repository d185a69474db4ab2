import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  productContentSchema,
  SEARCH_TOTAL_SHOWN,
  type ListedTerms,
  type ListingSummary,
  type ProductContent,
  type ProductSearch,
} from '@voucher/contracts';
import { priceRange } from '../domain/submission.ts';
import { facet, facetTerms, indexTerms, normalizeText, queryPhrases, queryTerms } from '../domain/search-terms.ts';
import type { DB as CatalogDb } from './db.ts';

interface ListingRow {
  product_id: string;
  version: number;
  provider_id: string;
  provider_name: string;
  name: string;
  category: ListingSummary['category'];
  region: string;
  min_price: string | number;
  max_price: string | number;
  content: unknown;
  listed_at: Date;
}

/** A search result's row: the summary's few parts of the content, not the whole of it (cases, detail, contact). */
type SummaryRow = Omit<ListingRow, 'version' | 'content'> & {
  thumbnail_file_id: string | null;
  tags: string[] | null;
  voucher_terms: ListingSummary['voucherTerms'];
};

const LIST_COLUMNS = sql`product_id, provider_id, provider_name, name, category, region, min_price, max_price,
  content->'thumbnailFileId' AS thumbnail_file_id, content->'tags' AS tags, content->'voucherTerms' AS voucher_terms,
  listed_at`;

/** A listing's summary from its row and the summary's parts of its content. */
function summaryOf(
  r: Omit<ListingRow, 'version' | 'content'>,
  parts: {
    thumbnailFileId?: string | null | undefined;
    tags?: string[] | null | undefined;
    voucherTerms?: ListingSummary['voucherTerms'] | undefined;
  },
): ListingSummary {
  return {
    id: r.product_id,
    name: r.name,
    category: r.category,
    providerId: r.provider_id,
    providerName: r.provider_name,
    region: r.region,
    thumbnailFileId: parts.thumbnailFileId ?? null,
    tags: parts.tags ?? [],
    minPrice: Number(r.min_price),
    maxPrice: Number(r.max_price),
    voucherTerms: parts.voucherTerms ?? null,
    listedAt: r.listed_at.toISOString(),
  };
}

/** The listed content was checked when it was published: its parts are read as they are. */
function toSummary(r: SummaryRow): ListingSummary {
  return summaryOf(r, { thumbnailFileId: r.thumbnail_file_id, tags: r.tags, voucherTerms: r.voucher_terms });
}

const SUMMARY_COLUMNS = sql`product_id, version, provider_id, provider_name, name, category, region, min_price, max_price,
  content, listed_at`;

export function toListingSummary(r: ListingRow): ListingSummary {
  return summaryOf(r, productContentSchema.parse(r.content));
}

export function toListedTerms(r: ListingRow): ListedTerms {
  const content = productContentSchema.parse(r.content);
  return {
    productId: r.product_id,
    version: r.version,
    providerId: r.provider_id,
    providerName: r.provider_name,
    name: r.name,
    category: r.category,
    region: r.region,
    specs: content.specs ?? [],
    voucherTerms: content.voucherTerms ?? null,
    listedAt: r.listed_at.toISOString(),
  };
}

/** What a keyword is looked for in: the names a client would type. */
function searchableText(content: ProductContent, providerName: string): string {
  return [
    content.name,
    content.relatedProductName,
    content.category,
    providerName,
    ...(content.tags ?? []),
    ...(content.solutionTypes ?? []),
    ...(content.industries ?? []),
  ]
    .filter((t): t is string => t !== undefined)
    .join(' ');
}

/**
 * Whether a page is found faster by walking the sort's index (listed_at or min_price) and skipping
 * non-matches than by finding all `total` matches through the GIN index and sorting them: the walk
 * reads about (offset + pageSize) × listed / total rows, the sort all `total`, each of them cheaper
 * (read in the table's order), hence the factor. The planner cannot tell: it takes the words of a
 * keyword (its character pairs) for independent and expects a handful of matches where there are
 * thousands. A provider's products have an index of their own and are left to the planner.
 */
const WALK_COST = 3;
export function walkInOrder(f: ProductSearch, total: number, listed: number): boolean {
  return f.providerId === undefined && total * total > WALK_COST * f.page * f.pageSize * listed;
}

/**
 * How far a search's matches are counted (CAT-4): past the total a client is shown (SEARCH_TOTAL_SHOWN), past
 * where walking the sort's index wins (`walkInOrder`) and past the asked page, the exact number changes neither
 * the answer nor its plan, so a broad search reads this many matches rather than every one of them.
 */
export function countBound(f: ProductSearch, listed: number): number {
  const walkFrom = Math.floor(Math.sqrt(WALK_COST * f.page * f.pageSize * listed)) + 1;
  return Math.max(SEARCH_TOTAL_SHOWN, walkFrom, f.page * f.pageSize) + 1;
}

/** The index terms every match of a search holds: its keyword's and its facets'. */
export function searchTermsOf(f: ProductSearch): string[] {
  return [
    ...(f.q ? queryTerms(f.q) : []),
    ...(f.category ? [facet.category(f.category)] : []),
    ...(f.region ? [facet.region(f.region)] : []),
    ...(f.voucherCategory ? [facet.voucherCategory(f.voucherCategory)] : []),
    ...(f.voucherOnly ? [facet.acceptsVouchers] : []),
  ];
}

export function listingStore(db: Kysely<CatalogDb>) {
  /**
   * `walk`: the same condition in a form the GIN index cannot serve (`arraycontains` is the function
   * behind `@>`), so the planner walks the sort's own index and stops at the page (see `walkInOrder`)
   */
  const where = (f: ProductSearch, { walk = false }: { walk?: boolean } = {}): RawBuilder<unknown> => {
    const parts: RawBuilder<unknown>[] = [sql`true`];
    const terms = searchTermsOf(f);
    if (terms.length > 0) {
      parts.push(walk ? sql`arraycontains(search_terms, ${terms}::text[])` : sql`search_terms @> ${terms}::text[]`);
    }
    // the index narrows to rows holding every term; longer Han phrases then must appear as written
    for (const phrase of f.q ? queryPhrases(f.q) : []) parts.push(sql`strpos(search_text, ${phrase}) > 0`);
    if (f.minPrice !== undefined) parts.push(sql`min_price >= ${f.minPrice}`);
    if (f.maxPrice !== undefined) parts.push(sql`min_price <= ${f.maxPrice}`);
    if (f.providerId) parts.push(sql`provider_id = ${f.providerId}`);
    return sql.join(parts, sql` AND `);
  };
  const orderBy = {
    newest: sql`listed_at DESC, product_id`,
    price_asc: sql`min_price ASC, product_id`,
    price_desc: sql`min_price DESC, product_id`,
  } as const;

  /**
   * One page of the matches in the asked order; `count` tells how many match in all. With `walk`, the
   * sort's index is walked and the rows filtered on the way (for many matches), else the index finds
   * every match and they are sorted (for few): the same rows in the same order either way.
   */
  const page = async (f: ProductSearch, { walk = false }: { walk?: boolean } = {}): Promise<ListingSummary[]> => {
    const rows = await sql<SummaryRow>`SELECT ${LIST_COLUMNS} FROM listings WHERE ${where(f, { walk })}
      ORDER BY ${orderBy[f.sort]} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(db);
    return rows.rows.map(toSummary);
  };
  /** how many listings match the filters (the same for every sort and page), or `atMost` when at least that many */
  const count = async (f: ProductSearch, atMost?: number): Promise<number> =>
    (
      await (
        atMost === undefined
          ? sql<{ n: number }>`SELECT count(*)::int AS n FROM listings WHERE ${where(f)}`
          : sql<{
              n: number;
            }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM listings WHERE ${where(f)} LIMIT ${atMost}) m`
      ).execute(db)
    ).rows[0]!.n;

  return {
    page,
    count,
    async publish(productId: string, providerId: string, providerName: string, content: ProductContent) {
      const price = priceRange(content);
      const text = searchableText(content, providerName);
      const voucherCategories = content.voucherTerms?.acceptedCategories ?? [];
      const terms = [
        ...indexTerms(text),
        ...facetTerms({ category: content.category!, region: content.region!, voucherCategories }),
      ];
      const row = (
        await sql<ListingRow>`INSERT INTO listings (product_id, version, provider_id, provider_name, name, category, region,
                  min_price, max_price, search_text, search_terms, content)
                VALUES (${productId}, 1, ${providerId}, ${providerName}, ${content.name}, ${content.category}, ${content.region},
                  ${price.min}, ${price.max},
                  ${normalizeText(text)}, ${terms}::text[], ${JSON.stringify(content)}::jsonb)
                ON CONFLICT (product_id) DO UPDATE SET version = listings.version + 1,
                  provider_name = EXCLUDED.provider_name, name = EXCLUDED.name, category = EXCLUDED.category,
                  region = EXCLUDED.region, min_price = EXCLUDED.min_price, max_price = EXCLUDED.max_price,
                  search_text = EXCLUDED.search_text,
                  search_terms = EXCLUDED.search_terms, content = EXCLUDED.content, listed_at = now()
                RETURNING ${SUMMARY_COLUMNS}`.execute(db)
      ).rows[0]!;
      return { first: row.version === 1, terms: toListedTerms(row) };
    },

    /** the name a provider's listings show follows its certified name; true when one changed */
    async renameProvider(providerId: string, name: string): Promise<boolean> {
      const renamed = await sql`UPDATE listings SET provider_name = ${name}
        WHERE provider_id = ${providerId} AND provider_name IS DISTINCT FROM ${name}`.execute(db);
      return Number(renamed.numAffectedRows ?? 0) > 0;
    },

    /** every listing of a provider taken down (CAT-3); the products they were */
    async removeAllOf(providerId: string): Promise<string[]> {
      return (
        await sql<{ product_id: string }>`DELETE FROM listings WHERE provider_id = ${providerId}
          RETURNING product_id`.execute(db)
      ).rows.map((r) => r.product_id);
    },

    async remove(productId: string): Promise<boolean> {
      const r = await sql`DELETE FROM listings WHERE product_id = ${productId}`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },

    async find(productId: string): Promise<ListingRow | undefined> {
      return (
        await sql<ListingRow>`SELECT ${SUMMARY_COLUMNS} FROM listings WHERE product_id = ${productId}`.execute(db)
      ).rows[0];
    },

    async search(f: ProductSearch): Promise<{ items: ListingSummary[]; total: number }> {
      const [items, total] = await Promise.all([page(f), count(f)]);
      return { items, total };
    },

    /**
     * the summaries of `ids` in their order (one gone meanwhile left out), and the listings' generation
     * (migration 003) they were read at, in one statement
     */
    async summariesAt(ids: readonly string[]): Promise<{ generation: string; items: ListingSummary[] }> {
      const rows = (
        await sql<SummaryRow & { generation: string }>`SELECT g.generation::text, l.* FROM listings_generation g
          LEFT JOIN LATERAL (SELECT ${LIST_COLUMNS} FROM listings WHERE product_id = ANY(${[...ids]}::uuid[])) l ON true`.execute(
          db,
        )
      ).rows;
      const byId = new Map(rows.filter((r) => r.product_id !== null).map((r) => [r.product_id, r]));
      return {
        generation: rows[0]!.generation,
        items: ids.flatMap((id) => {
          const row = byId.get(id);
          return row ? [toSummary(row)] : [];
        }),
      };
    },

    async sameCategory(productId: string, category: string, limit: number): Promise<ListingSummary[]> {
      const rows = await sql<SummaryRow>`SELECT ${LIST_COLUMNS} FROM listings
        WHERE category = ${category} AND product_id <> ${productId} ORDER BY listed_at DESC, product_id LIMIT ${limit}`.execute(
        db,
      );
      return rows.rows.map(toSummary);
    },
  };
}
