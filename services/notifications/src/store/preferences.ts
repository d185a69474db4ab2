import { sql, type Kysely } from 'kysely';
import type { MessageKind, PreferencesView } from '@voucher/contracts';
import {
  defaultPreferences,
  updated,
  viewOf,
  type Preferences,
  type PreferencesUpdate,
} from '../domain/preferences.ts';
import type { NotificationsDb } from './schema.ts';

type Db = Kysely<NotificationsDb>;

const asPreferences = (row: { email: string | null; channels: unknown }): Preferences => ({
  email: row.email,
  channels: (row.channels ?? {}) as Preferences['channels'],
});

/** One user's preferences; the defaults when they never chose. */
export async function preferencesView(db: Db, userId: string): Promise<PreferencesView> {
  const row = await db
    .selectFrom('preferences')
    .select(['email', 'channels'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return viewOf(row ? asPreferences(row) : defaultPreferences);
}

/**
 * Applies an update to the user's preferences, in one transaction with their
 * row locked (made first, with the defaults, for a user who never chose), so
 * two updates at once both count. The domain decides (`updated`): a refusal
 * throws and rolls back, leaving everything as it was.
 */
export async function updatePreferences(db: Db, userId: string, update: PreferencesUpdate): Promise<PreferencesView> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('preferences')
      .values({ user_id: userId, email: null, channels: '{}' as never })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    const row = await trx
      .selectFrom('preferences')
      .select(['email', 'channels'])
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const next = updated(asPreferences(row), update);
    await trx
      .updateTable('preferences')
      .set({ email: next.email, channels: JSON.stringify(next.channels) as never, updated_at: new Date() })
      .where('user_id', '=', userId)
      .execute();
    return viewOf(next);
  });
}

/**
 * The preferences of many recipients at once, in one query whatever their
 * number (a draw's fan-out writes up to a million messages): those who never
 * chose are absent from the map.
 */
export async function preferencesOf(db: Db, userIds: readonly string[]): Promise<Map<string, Preferences>> {
  if (userIds.length === 0) return new Map();
  // one array parameter, not one parameter per id (PostgreSQL takes at most 65,535)
  const rows = await sql<{ user_id: string; email: string | null; channels: unknown }>`
    SELECT user_id, email, channels FROM preferences WHERE user_id = ANY(${[...userIds]}::uuid[])`.execute(db);
  return new Map(rows.rows.map((row) => [row.user_id, asPreferences(row)]));
}

/**
 * The preferences of every user who made a choice about a kind, in one query
 * (an announcement's fan-out, issue 18 item 2): for an opt-in kind
 * (`optInMessageKinds`) no one else gets it on any channel, since its inbox
 * and email are off until chosen (`channelsFor`), so these are all who may.
 * Which of them it reaches, and how, the domain decides (`deliveriesOf`).
 */
export async function preferencesChoosing(db: Db, kind: MessageKind): Promise<Map<string, Preferences>> {
  const rows = await sql<{ user_id: string; email: string | null; channels: unknown }>`
    SELECT user_id, email, channels FROM preferences WHERE channels -> ${kind} IS NOT NULL`.execute(db);
  return new Map(rows.rows.map((row) => [row.user_id, asPreferences(row)]));
}

/**
 * Claims the sending of a message's email, in the transaction that sends it:
 * false when an email for it was already sent (committed). The row commits
 * only with the transaction, once the SMTP server has taken the email; a
 * second delivery of the same message at the same time waits on it.
 */
export async function claimEmailDelivery(db: Db, messageId: string): Promise<boolean> {
  const claimed = await db
    .insertInto('email_deliveries')
    .values({ message_id: messageId })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('message_id')
    .executeTakeFirst();
  return claimed !== undefined;
}
