import { sql, type Kysely } from 'kysely';
import { containing } from '@voucher/db';
import type { DB as SettlementDb } from './db.ts';

interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  attachment_file_ids: string[];
  publish_at: Date;
  withdrawn: boolean;
  created_at: Date;
}

const toView = (r: AnnouncementRow) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  attachmentFileIds: r.attachment_file_ids,
  publishAt: r.publish_at.toISOString(),
  withdrawn: r.withdrawn,
  createdAt: r.created_at.toISOString(),
});

const publicView = (r: AnnouncementRow) => {
  const { withdrawn: _hidden, ...rest } = toView(r);
  return rest;
};

/** An announcement as the announcing of it needs it. */
export interface Announceable {
  id: string;
  title: string;
  publishAt: Date;
}

/** Programme notices: what operators publish and everyone reads once their time has come. */
export function announcementStore(db: Kysely<SettlementDb>) {
  const findRow = async (id: string) =>
    (await sql<AnnouncementRow>`SELECT * FROM announcements WHERE id = ${id}`.execute(db)).rows[0];

  return {
    /**
     * Publishes an announcement: its row, marked announced when `announcedAt` is
     * given (readable at once, its event appended in the same transaction), else
     * left for the scheduler's job at its time.
     */
    async insert(a: {
      id: string;
      title: string;
      body: string;
      attachmentFileIds: string[];
      publishAt: Date;
      createdBy: string;
      announcedAt: Date | null;
    }): Promise<void> {
      await sql`INSERT INTO announcements (id, title, body, attachment_file_ids, publish_at, created_by, announced_at)
                VALUES (${a.id}, ${a.title}, ${a.body}, ${a.attachmentFileIds}::uuid[], ${a.publishAt}, ${a.createdBy},
                        ${a.announcedAt})`.execute(db);
    },

    /**
     * Issue 18 item 2: the announcements due to be announced, oldest first:
     * readable (their `publish_at` come), not withdrawn, not announced yet.
     */
    async due(): Promise<string[]> {
      const rows = await sql<{ id: string }>`
        SELECT id FROM announcements WHERE announced_at IS NULL AND NOT withdrawn AND publish_at <= now()
        ORDER BY publish_at, id`.execute(db);
      return rows.rows.map((r) => r.id);
    },

    /**
     * Marks one announcement announced if it still is due, in the caller's
     * transaction (which appends its event): the row lock and the condition make
     * it once, whoever else runs the job at the same time (a second waits on the
     * lock, then finds it announced) and however it changed meanwhile (withdrawn,
     * or moved to a later time: not due). Answers it, or undefined when not due.
     */
    async markAnnounced(id: string): Promise<Announceable | undefined> {
      const row = (
        await sql<{ id: string; title: string; publish_at: Date }>`
          UPDATE announcements SET announced_at = now()
          WHERE id = ${id} AND announced_at IS NULL AND NOT withdrawn AND publish_at <= now()
          RETURNING id, title, publish_at`.execute(db)
      ).rows[0];
      return row && { id: row.id, title: row.title, publishAt: row.publish_at };
    },

    /** any notice, scheduled and withdrawn included, as its editors see it */
    async find(id: string) {
      const row = await findRow(id);
      return row && toView(row);
    },

    /** a notice as readers see it */
    async findPublished(id: string) {
      const row = await findRow(id);
      // scheduled or withdrawn notices are not there for readers
      if (!row || row.withdrawn || row.publish_at > new Date()) return undefined;
      return publicView(row);
    },

    /** its title, body and attachments replaced; its publication time too when one is given */
    async update(
      id: string,
      a: { title: string; body: string; attachmentFileIds: string[]; publishAt?: string | undefined },
    ): Promise<void> {
      await sql`UPDATE announcements SET title = ${a.title}, body = ${a.body},
                  attachment_file_ids = ${a.attachmentFileIds}::uuid[],
                  publish_at = COALESCE(${a.publishAt ?? null}::timestamptz, publish_at), updated_at = now()
                WHERE id = ${id}`.execute(db);
    },

    /** withdrawn, not deleted; false when there is no such notice */
    async withdraw(id: string): Promise<boolean> {
      const r = await sql`UPDATE announcements SET withdrawn = true, updated_at = now() WHERE id = ${id}`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },

    /** one page of the published notices (their time come, not withdrawn), the latest first, `q` in title or body */
    async pageOfPublished(f: { q?: string | undefined; page: number; pageSize: number }) {
      const filter = sql.join(
        [
          sql`NOT withdrawn AND publish_at <= now()`,
          ...(f.q ? [sql`(title ILIKE ${containing(f.q)} OR body ILIKE ${containing(f.q)})`] : []),
        ],
        sql` AND `,
      );
      const [rows, total] = await Promise.all([
        sql<AnnouncementRow>`SELECT * FROM announcements WHERE ${filter} ORDER BY publish_at DESC, id
          LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM announcements WHERE ${filter}`.execute(db),
      ]);
      return { items: rows.rows.map(publicView), total: total.rows[0]!.n };
    },

    /** one page of every notice, scheduled and withdrawn included, the newest first */
    async page(page: number, pageSize: number) {
      const [rows, total] = await Promise.all([
        sql<AnnouncementRow>`SELECT * FROM announcements ORDER BY created_at DESC, id
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM announcements`.execute(db),
      ]);
      return { items: rows.rows.map(toView), total: total.rows[0]!.n };
    },
  };
}
