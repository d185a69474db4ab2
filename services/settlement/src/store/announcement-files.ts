import { sql, type Kysely } from 'kysely';
import type { DB as SettlementDb } from './db.ts';

/** Which programme notices cite an upload as an attachment. */
export function announcementFiles(db: Kysely<SettlementDb>) {
  const cites = (fileId: string) => sql<boolean>`attachment_file_ids @> ARRAY[${fileId}::uuid]`;
  return {
    /** a published notice (its time come, not withdrawn) cites it: everyone reads it */
    async published(fileId: string): Promise<boolean> {
      return (
        (
          await sql`SELECT 1 FROM announcements WHERE ${cites(fileId)} AND NOT withdrawn AND publish_at <= now()
          LIMIT 1`.execute(db)
        ).rows.length > 0
      );
    },
    /** which of the uploads any notice cites */
    async citedOf(fileIds: readonly string[]): Promise<string[]> {
      const asked = sql`${[...fileIds]}::uuid[]`;
      return (
        await sql<{ id: string }>`SELECT DISTINCT f.id FROM announcements a, unnest(a.attachment_file_ids) AS f(id)
          WHERE a.attachment_file_ids && ${asked} AND f.id = ANY(${asked})`.execute(db)
      ).rows.map((r) => r.id);
    },
    /** any notice cites it, a scheduled or withdrawn one included */
    async cited(fileId: string): Promise<boolean> {
      return (await sql`SELECT 1 FROM announcements WHERE ${cites(fileId)} LIMIT 1`.execute(db)).rows.length > 0;
    },
  };
}
