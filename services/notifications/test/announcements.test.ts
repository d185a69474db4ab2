import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { announcementEvents as ae, notifications, notificationEvents, type DataOf } from '@voucher/contracts';
import { announcementMessage } from '../src/domain/announcements.ts';
import { channelsFor, defaultPreferences, isOptIn } from '../src/domain/preferences.ts';
import { goesBySms } from '../src/domain/sms.ts';
import { as, notificationsHarness, sleep, type NotificationsHarness } from './harness.ts';

/**
 * Issue 18 item 2: a new announcement, for everyone who opted in. The kind
 * `announcement` is opt-in (off until the user turns it on, issue 18 item 4's
 * preferences); its messages are written to all who did in one statement.
 */
const published = (title: string): DataOf<typeof ae.published> => ({
  announcementId: uuidv7(),
  title,
  publishAt: new Date().toISOString(),
  at: new Date().toISOString(),
});

describe('a new announcement (domain)', () => {
  it('is one message in the same words, of an opt-in kind, inbox only', () => {
    const message = announcementMessage(published('关于开展2026年第一期服务券申领的通知'));
    expect(message).toMatchObject({
      kind: 'announcement',
      template: 'announcement.published',
      params: { title: '关于开展2026年第一期服务券申领的通知' },
      title: { 'zh-CN': '新公告', en: 'New announcement' },
    });
    expect(message.body['zh-CN']).toBe('平台发布了新公告「关于开展2026年第一期服务券申领的通知」，请到公告栏查看。');
    expect(isOptIn('announcement')).toBe(true);
    expect(channelsFor(defaultPreferences, 'announcement').inbox).toBe(false);
    expect(goesBySms(message)).toBe(false);
  });
});

let h: NotificationsHarness;
beforeAll(async () => {
  h = await notificationsHarness('notifnews');
});
afterAll(() => h?.close());

const inboxOf = async (userId: string) =>
  (await h.call(notifications.inbox, { page: 1, pageSize: 20 }, { userId, role: 'enterprise' })).items;
const messagesOf = async (sourceEventId: string) =>
  Number(
    (
      await sql<{ n: string }>`SELECT count(*) AS n FROM messages WHERE source_event_id = ${sourceEventId}`.execute(
        h.service.db,
      )
    ).rows[0]!.n,
  );

describe('a new announcement reaches everyone who opted in, and no one else', () => {
  it('writes to those who turned announcements on, not to those who never chose or turned them off; once per event', async () => {
    const optedIn = as('enterprise');
    const alsoIn = as('provider');
    const never = as('enterprise');
    const optedOut = as('enterprise');
    const otherKind = as('enterprise');
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'announcement', inbox: true }] }, optedIn);
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'announcement', inbox: true }] }, alsoIn);
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'announcement', inbox: false }] }, optedOut);
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'order_step', inbox: true }] }, otherKind);
    // the preferences say so too
    const view = await h.call(notifications.preferences, {}, never);
    expect(view.kinds.find((k) => k.kind === 'announcement')).toMatchObject({ inbox: false, email: false });

    const id = uuidv7();
    const event = published('关于开展2026年第一期服务券申领的通知');
    await h.redeliver(ae.published, id, event);
    const deadline = Date.now() + 8000;
    while ((await inboxOf(optedIn.userId)).length === 0 && Date.now() < deadline) await sleep(20);
    for (const user of [optedIn, alsoIn]) {
      expect(await inboxOf(user.userId)).toEqual([
        expect.objectContaining({
          kind: 'announcement',
          template: 'announcement.published',
          params: { title: '关于开展2026年第一期服务券申领的通知' },
          readAt: null,
        }),
      ]);
    }
    for (const user of [never, optedOut, otherKind]) expect(await inboxOf(user.userId)).toEqual([]);
    expect(await messagesOf(id)).toBe(2);

    // redelivered (past the inbox, as a replay of the dead letter would be): nothing more
    await h.redeliver(ae.published, id, event);
    await sleep(500);
    expect(await messagesOf(id)).toBe(2);
    // no SMS: an announcement is never texted
    const sms = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM outbox WHERE subject = ${notificationEvents.smsRequested.type}`.execute(h.service.db);
    expect(Number(sms.rows[0]!.n)).toBe(0);
  });

  it('writes an announcement to 100,000 opted-in users in one statement, sharing one text', async () => {
    const before = Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM preferences
          WHERE channels -> 'announcement' ->> 'inbox' = 'true'`.execute(h.service.db)
      ).rows[0]!.n,
    );
    await sql`INSERT INTO preferences (user_id, email, channels)
      SELECT gen_random_uuid(), NULL, '{"announcement": {"inbox": true}}'::jsonb FROM generate_series(1, 100000)`.execute(
      h.service.db,
    );
    const started = Date.now();
    const id = uuidv7();
    await h.redeliver(ae.published, id, published('第二期服务券申领预告'));
    const deadline = Date.now() + 60_000;
    while ((await messagesOf(id)) < before + 100_000 && Date.now() < deadline) await sleep(200);
    expect(await messagesOf(id)).toBe(before + 100_000);
    const texts = await sql<{
      n: string;
    }>`SELECT count(DISTINCT text_id) AS n FROM messages WHERE source_event_id = ${id}`.execute(h.service.db);
    expect(Number(texts.rows[0]!.n)).toBe(1);
    // ids are UUIDv7 (time-ordered, as every message's)
    const sample = await sql<{
      id: string;
    }>`SELECT id::text FROM messages WHERE source_event_id = ${id} LIMIT 5`.execute(h.service.db);
    for (const row of sample.rows) expect(row.id[14]).toBe('7');
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
