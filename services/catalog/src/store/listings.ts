import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  productContentSchema,
  type ListedTerms,
  type ListingSummary,
  type ProductContent,
  type ProductSearch,
} from '@voucher/contracts';
import { priceRange } from '../domain/submission.ts';
import { facet, facetTerms, indexTerms, normalizeText, queryPhrases, queryTerms } from '../domain/search-terms.ts';

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

const SUMMARY_COLUMNS = sql`product_id, version, provider_id, provider_name, name, category, region, min_price, max_price,
  content, listed_at`;

export function toListingSummary(r: ListingRow): ListingSummary {
  const content = productContentSchema.parse(r.content);
  return {
    id: r.product_id,
    name: r.name,
    category: r.category,
    providerId: r.provider_id,
    providerName: r.provider_name,
    region: r.region,
    thumbnailFileId: content.thumbnailFileId ?? null,
    tags: content.tags ?? [],
    minPrice: Number(r.min_price),
    maxPrice: Number(r.max_price),
    voucherTerms: content.voucherTerms ?? null,
    listedAt: r.listed_at.toISOString(),
  };
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

export function listingStore(db: Kysely<any>) {
  const where = (f: ProductSearch): RawBuilder<unknown> => {
    const parts: RawBuilder<unknown>[] = [sql`true`];
    const terms = [
      ...(f.q ? queryTerms(f.q) : []),
      ...(f.category ? [facet.category(f.category)] : []),
      ...(f.region ? [facet.region(f.region)] : []),
      ...(f.voucherCategory ? [facet.voucherCategory(f.voucherCategory)] : []),
      ...(f.voucherOnly ? [facet.acceptsVouchers] : []),
    ];
    if (terms.length > 0) parts.push(sql`search_terms @> ${terms}::text[]`);
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

  return {
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
      const filter = where(f);
      const [rows, total] = await Promise.all([
        sql<ListingRow>`SELECT ${SUMMARY_COLUMNS} FROM listings WHERE ${filter}
                        ORDER BY ${orderBy[f.sort]} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(
          db,
        ),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM listings WHERE ${filter}`.execute(db),
      ]);
      return { items: rows.rows.map(toListingSummary), total: total.rows[0]!.n };
    },

    async sameCategory(productId: string, category: string, limit: number): Promise<ListingSummary[]> {
      const rows = await sql<ListingRow>`SELECT ${SUMMARY_COLUMNS} FROM listings
        WHERE category = ${category} AND product_id <> ${productId} ORDER BY listed_at DESC, product_id LIMIT ${limit}`.execute(
        db,
      );
      return rows.rows.map(toListingSummary);
    },
  };
}
