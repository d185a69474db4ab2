import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { MessageKind, MessageView } from '@voucher/contracts';
import type { ComposedMessage } from '../domain/templates.ts';
import type { NotificationsDb } from './schema.ts';

type Db = Kysely<NotificationsDb>;
/** a message with its words, as the inbox shows it */
export type MessageRow = Selectable<NotificationsDb['messages']> &
  Omit<Selectable<NotificationsDb['message_texts']>, 'id' | 'keep_until'>;

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
  // the words once per rendering: a draw's chunk of 5,000 messages shares one (composeAll, LOT-7)
  const texts = new Map<object, { id: string; message: ComposedMessage }>();
  const textIds = messages.map((m) => {
    let text = texts.get(m.body);
    if (!text) texts.set(m.body, (text = { id: uuidv7(), message: m }));
    return text.id;
  });
  await sql`
    INSERT INTO message_texts (id, params, title_zh, body_zh, title_en, body_en)
    SELECT t.id, t.params, t.title_zh, t.body_zh, t.title_en, t.body_en
    FROM json_to_recordset(${JSON.stringify(
      [...texts.values()].map(({ id, message: m }) => ({
        id,
        params: m.params,
        title_zh: m.title['zh-CN'],
        body_zh: m.body['zh-CN'],
        title_en: m.title.en,
        body_en: m.body.en,
      })),
    )}::json) AS t(id uuid, params jsonb, title_zh text, body_zh text, title_en text, body_en text)`.execute(db);
  // one JSON document read as rows, one statement whatever the count (a VALUES list
  // would run past PostgreSQL's 65,535 parameters); the recipients as one array
  const ids = messages.map(() => uuidv7());
  const inserted = await sql<{ id: string }>`
    INSERT INTO messages (id, user_id, kind, template, text_id, source_event_id)
    SELECT m.id, m.user_id, m.kind, m.template, m.text_id, ${sourceEventId}
    FROM json_to_recordset(${JSON.stringify(
      messages.map((m, i) => ({
        id: ids[i],
        user_id: m.userId,
        kind: m.kind,
        template: m.template,
        text_id: textIds[i],
      })),
    )}::json) AS m(id uuid, user_id uuid, kind text, template text, text_id uuid)
    ON CONFLICT ON CONSTRAINT messages_once_per_event DO NOTHING
    RETURNING id`.execute(db);
  // a replay from the dead letter may find every message already written: an unused text
  // is harmless and leaves with the retention sweep, a year on
  const written = new Set(inserted.rows.map((r) => r.id));
  return messages.flatMap((message, i) => (written.has(ids[i]!) ? [{ id: ids[i]!, message }] : []));
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
      .innerJoin('message_texts as t', 't.id', 'messages.text_id')
      .selectAll('messages')
      .select(['t.params', 't.title_zh', 't.body_zh', 't.title_en', 't.body_en'])
      .orderBy('messages.created_at', 'desc')
      .orderBy('messages.id', 'desc')
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

/**
 * Writes one message, in the same words, to each of many users (issue 18
 * item 2: an announcement to everyone who opted in), in two statements
 * whatever their number: the text once, then every message with one INSERT …
 * SELECT over the recipients as one array parameter, never one query per
 * user. Ids are UUIDv7 made in SQL (`uuid_v7`, libs/db's platform migration)
 * and come back with the rows written. One already written for the event,
 * recipient and template (a replay) is left as it is
 * (`messages_once_per_event`; the replay's unused text leaves with the
 * retention sweep). Answers the new ones with their ids.
 */
export async function writeToEach(
  db: Db,
  sourceEventId: string,
  message: Omit<ComposedMessage, 'userId'>,
  userIds: readonly string[],
): Promise<WrittenMessage[]> {
  if (userIds.length === 0) return [];
  const textId = uuidv7();
  await sql`
    INSERT INTO message_texts (id, params, title_zh, body_zh, title_en, body_en)
    VALUES (${textId}, ${JSON.stringify(message.params)}::jsonb, ${message.title['zh-CN']}, ${message.body['zh-CN']},
            ${message.title.en}, ${message.body.en})`.execute(db);
  const inserted = await sql<{ id: string; user_id: string }>`
    INSERT INTO messages (id, user_id, kind, template, text_id, source_event_id)
    SELECT uuid_v7(), u.user_id, ${message.kind}, ${message.template}, ${textId}, ${sourceEventId}
    FROM unnest(${[...userIds]}::uuid[]) AS u(user_id)
    ON CONFLICT ON CONSTRAINT messages_once_per_event DO NOTHING
    RETURNING id, user_id`.execute(db);
  return inserted.rows.map((r) => ({ id: r.id, message: { ...message, userId: r.user_id } }));
}
