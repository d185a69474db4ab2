import { sql, type Kysely } from 'kysely';
import {
  productContentSchema,
  type ProductContent,
  type ProductState,
  type ProductView,
  type ReviewStage,
} from '@voucher/contracts';
import type { StateCount } from '../domain/products-by-state.ts';
import type { DB as CatalogDb } from './db.ts';

export interface ProductRow {
  id: string;
  provider_id: string;
  state: ProductState;
  content: unknown;
  rejection_stage: ReviewStage | null;
  rejection_reason: string | null;
  rejected_at: Date | null;
  delist_reason: string | null;
  submitted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** from the provider projection and the listing, joined in */
  provider_name: string | null;
  listed_version: number | null;
}

const SELECT_PRODUCT = sql`SELECT p.*, pr.company_name AS provider_name, l.version AS listed_version
  FROM products p
  LEFT JOIN providers pr ON pr.provider_id = p.provider_id
  LEFT JOIN listings l ON l.product_id = p.id`;

export function toProductView(r: ProductRow): ProductView {
  return {
    id: r.id,
    providerId: r.provider_id,
    providerName: r.provider_name,
    state: r.state,
    listed: r.listed_version !== null,
    listedVersion: r.listed_version,
    content: productContentSchema.parse(r.content),
    rejection:
      r.rejection_stage && r.rejection_reason && r.rejected_at
        ? { stage: r.rejection_stage, reason: r.rejection_reason, at: r.rejected_at.toISOString() }
        : null,
    delistReason: r.delist_reason,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function productStore(db: Kysely<CatalogDb>) {
  return {
    async find(id: string, { lock = false } = {}): Promise<ProductRow | undefined> {
      // the lock is taken on the product row only: the joined rows are read as they are
      const query = lock
        ? sql<ProductRow>`${SELECT_PRODUCT} WHERE p.id = ${id} FOR UPDATE OF p`
        : sql<ProductRow>`${SELECT_PRODUCT} WHERE p.id = ${id}`;
      return (await query.execute(db)).rows[0];
    },

    async insert(id: string, providerId: string, content: ProductContent): Promise<void> {
      await sql`INSERT INTO products (id, provider_id, state, content)
                VALUES (${id}, ${providerId}, 'draft', ${JSON.stringify(content)}::jsonb)`.execute(db);
    },

    async saveContent(id: string, content: ProductContent, state: ProductState): Promise<void> {
      await sql`UPDATE products SET content = ${JSON.stringify(content)}::jsonb, state = ${state}, updated_at = now()
                WHERE id = ${id}`.execute(db);
    },

    async setState(
      id: string,
      state: ProductState,
      extra: {
        submitted?: boolean;
        rejection?: { stage: ReviewStage; reason: string };
        delistReason?: string | null;
      } = {},
    ): Promise<void> {
      await sql`UPDATE products SET state = ${state}, updated_at = now(),
                  submitted_at = CASE WHEN ${extra.submitted ?? false} THEN now() ELSE submitted_at END,
                  rejection_stage = CASE WHEN ${extra.rejection !== undefined} THEN ${extra.rejection?.stage ?? null}
                                         WHEN ${state} = 'operator_review' THEN NULL ELSE rejection_stage END,
                  rejection_reason = CASE WHEN ${extra.rejection !== undefined} THEN ${extra.rejection?.reason ?? null}
                                          WHEN ${state} = 'operator_review' THEN NULL ELSE rejection_reason END,
                  rejected_at = CASE WHEN ${extra.rejection !== undefined} THEN now()
                                     WHEN ${state} = 'operator_review' THEN NULL ELSE rejected_at END,
                  delist_reason = CASE WHEN ${extra.delistReason !== undefined} THEN ${extra.delistReason ?? null}
                                       ELSE delist_reason END
                WHERE id = ${id}`.execute(db);
    },

    /** A page of the provider's products (in one state, or all), the latest changed first, and its count per state. */
    async pageOfProvider(providerId: string, state: ProductState | undefined, page: number, pageSize: number) {
      const filter = state === undefined ? sql`` : sql`AND p.state = ${state}`;
      const [rows, counted] = await Promise.all([
        sql<ProductRow>`${SELECT_PRODUCT} WHERE p.provider_id = ${providerId} ${filter}
                        ORDER BY p.updated_at DESC, p.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<StateCount>`SELECT state, count(*)::int AS n FROM products
                        WHERE provider_id = ${providerId} GROUP BY state`.execute(db),
      ]);
      return { items: rows.rows.map(toProductView), counted: counted.rows };
    },

    async pageInState(state: ProductState, page: number, pageSize: number) {
      const [rows, total] = await Promise.all([
        sql<ProductRow>`${SELECT_PRODUCT} WHERE p.state = ${state}
                        ORDER BY p.submitted_at, p.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM products WHERE state = ${state}`.execute(db),
      ]);
      return { items: rows.rows.map(toProductView), total: total.rows[0]!.n };
    },

    async providerCertified(providerId: string): Promise<boolean> {
      const row = (
        await sql<{ certified: boolean }>`SELECT certified FROM providers WHERE provider_id = ${providerId}`.execute(db)
      ).rows[0];
      return row?.certified ?? false;
    },

    /**
     * CAT-3: taken down with the reason, whatever its state was (a revoked provider's products); its state
     * before and its name, for the audit and the event
     */
    async delist(id: string, reason: string): Promise<{ state: ProductState; name: string | null } | undefined> {
      return (
        await sql<{
          state: ProductState;
          name: string | null;
        }>`UPDATE products p SET state = 'delisted', delist_reason = ${reason}, updated_at = now()
            FROM products old WHERE p.id = old.id AND p.id = ${id}
            RETURNING old.state, p.content->>'name' AS name`.execute(db)
      ).rows[0];
    },
  };
}
export type ProductStore = ReturnType<typeof productStore>;
