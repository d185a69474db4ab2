import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { MessageKind, MessageView } from '@voucher/contracts';
import type { ComposedMessage } from '../domain/templates.ts';
import type { NotificationsDb } from './schema.ts';

type Db = Kysely<NotificationsDb>;
export type MessageRow = Selectable<NotificationsDb['messages']>;

/** A message just written: its id and what it was composed from. */
export interface WrittenMessage {
  id: string;
  message: ComposedMessage;
}

/**
 * Writes an event's messages; one already written for the same event,
 * recipient and template is left as it is (issue 18 item 6). Answers the new
 * ones with their ids.
 */
export async function writeMessages(
  db: Db,
  sourceEventId: string,
  messages: ComposedMessage[],
): Promise<WrittenMessage[]> {
  if (messages.length === 0) return [];
  const ids = messages.map(() => uuidv7());
  const rows = await db
    .insertInto('messages')
    .values(
      messages.map((m, i) => ({
        id: ids[i]!,
        user_id: m.userId,
        kind: m.kind,
        template: m.template,
        params: JSON.stringify(m.params) as never,
        title_zh: m.title['zh-CN'],
        body_zh: m.body['zh-CN'],
        title_en: m.title.en,
        body_en: m.body.en,
        source_event_id: sourceEventId,
      })),
    )
    .onConflict((oc) => oc.constraint('messages_once_per_event').doNothing())
    .returning('id')
    .execute();
  const inserted = new Set(rows.map((r) => r.id));
  return messages.flatMap((message, i) => (inserted.has(ids[i]!) ? [{ id: ids[i]!, message }] : []));
}

export interface InboxQuery {
  page: number;
  pageSize: number;
  unreadOnly: boolean;
}

/** One user's messages, newest first. */
export async function inboxPage(db: Db, userId: string, q: InboxQuery): Promise<{ rows: MessageRow[]; total: number }> {
  let base = db.selectFrom('messages').where('user_id', '=', userId);
  if (q.unreadOnly) base = base.where('read_at', 'is', null);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

/**
 * Marks the user's own unread messages among `ids` read (all of them when
 * `ids` is absent). An id of someone else's message matches nothing, as an
 * id that names no message. Answers how many changed.
 */
export async function markRead(db: Db, userId: string, ids?: readonly string[]): Promise<number> {
  let update = db
    .updateTable('messages')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) update = update.where('id', 'in', ids);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    kind: row.kind as MessageKind,
    template: row.template,
    params: row.params,
    title: { 'zh-CN': row.title_zh, en: row.title_en },
    body: { 'zh-CN': row.body_zh, en: row.body_en },
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
