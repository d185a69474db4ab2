import { sql, type Kysely } from 'kysely';

/** An announcement as the announcing of it needs it. */
export interface Announceable {
  id: string;
  title: string;
  publishAt: Date;
}

/**
 * Publishes an announcement: its row, marked announced when `announcedAt` is
 * given (readable at once, its event appended in the same transaction), else
 * left for the scheduler's job at its time.
 */
export async function insertAnnouncement(
  db: Kysely<any>,
  a: {
    id: string;
    title: string;
    body: string;
    attachmentFileIds: string[];
    publishAt: Date;
    createdBy: string;
    announcedAt: Date | null;
  },
): Promise<void> {
  await sql`INSERT INTO announcements (id, title, body, attachment_file_ids, publish_at, created_by, announced_at)
            VALUES (${a.id}, ${a.title}, ${a.body}, ${a.attachmentFileIds}::uuid[], ${a.publishAt}, ${a.createdBy},
                    ${a.announcedAt})`.execute(db);
}

/**
 * Issue 18 item 2: the announcements due to be announced, oldest first:
 * readable (their `publish_at` come), not withdrawn, not announced yet.
 */
export async function dueAnnouncements(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    SELECT id FROM announcements WHERE announced_at IS NULL AND NOT withdrawn AND publish_at <= now()
    ORDER BY publish_at, id`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Marks one announcement announced if it still is due, in the caller's
 * transaction (which appends its event): the row lock and the condition make
 * it once, whoever else runs the job at the same time (a second waits on the
 * lock, then finds it announced) and however it changed meanwhile (withdrawn,
 * or moved to a later time: not due). Answers it, or undefined when not due.
 */
export async function markAnnounced(trx: Kysely<any>, id: string): Promise<Announceable | undefined> {
  const row = (
    await sql<{ id: string; title: string; publish_at: Date }>`
      UPDATE announcements SET announced_at = now()
      WHERE id = ${id} AND announced_at IS NULL AND NOT withdrawn AND publish_at <= now()
      RETURNING id, title, publish_at`.execute(trx)
  ).rows[0];
  return row && { id: row.id, title: row.title, publishAt: row.publish_at };
}
