import { sql, type Kysely } from 'kysely';
import type { DB as CatalogDb } from './db.ts';

/** Which products cite an upload (`product_file_ids`, migration 002): their working copies and their listings. */
export function attachmentStore(db: Kysely<CatalogDb>) {
  const cites = (fileId: string) => sql<boolean>`product_file_ids(content) @> ARRAY[${fileId}::uuid]`;
  return {
    /** A listing (the published copy, CAT-4) cites it: everyone sees it on the product's page. */
    async listed(fileId: string): Promise<boolean> {
      return (await sql`SELECT 1 FROM listings WHERE ${cites(fileId)} LIMIT 1`.execute(db)).rows.length > 0;
    },

    /** Which of the uploads any product (working copy or listing) cites. */
    async cited(fileIds: readonly string[]): Promise<string[]> {
      const asked = sql`${[...fileIds]}::uuid[]`;
      return (
        await sql<{ id: string }>`SELECT DISTINCT f.id FROM (
            SELECT unnest(product_file_ids(content)) AS id FROM products WHERE product_file_ids(content) && ${asked}
            UNION ALL
            SELECT unnest(product_file_ids(content)) FROM listings WHERE product_file_ids(content) && ${asked}
          ) f WHERE f.id = ANY(${asked})`.execute(db)
      ).rows.map((r) => r.id);
    },

    /** The providers whose products (working copy or listing) cite it. */
    async citingProviders(fileId: string): Promise<string[]> {
      return (
        await sql<{ provider_id: string }>`SELECT provider_id FROM products WHERE ${cites(fileId)}
          UNION SELECT provider_id FROM listings WHERE ${cites(fileId)}`.execute(db)
      ).rows.map((r) => r.provider_id);
    },
  };
}
