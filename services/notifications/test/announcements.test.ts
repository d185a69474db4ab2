import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { announcementEvents as ae, notifications, notificationEvents, type DataOf } from '@voucher/contracts';
import { ownSmtpServer, type OwnSmtpServer } from '@voucher/testing';
import { announcementMessage } from '../src/domain/announcements.ts';
import { channelsFor, defaultPreferences, deliveriesOf, isOptIn, outOfInboxId } from '../src/domain/preferences.ts';
import { goesBySms } from '../src/domain/sms.ts';
import { as, notificationsHarness, sleep, type NotificationsHarness } from './harness.ts';
import { platformWording } from '../src/domain/templates.ts';
import { programmeWording } from '../src/domain/programme-wording.ts';

/**
 * Issue 18 item 2: a new announcement, for everyone who opted in. The kind
 * `announcement` is opt-in (off until the user turns it on, issue 18 item 4's
 * preferences, inbox and email alike); it goes over the channels each chose
 * like any message, its inbox messages written to all in one statement.
 * (One published for a later time is announced by settlement when its time
 * comes: services/settlement/test/announcements.test.ts.)
 */
const published = (title: string): DataOf<typeof ae.published> => ({
  announcementId: uuidv7(),
  title,
  publishAt: new Date().toISOString(),
  at: new Date().toISOString(),
});

describe('a new announcement (domain)', () => {
  it("is written in the programme's wording where its administrator gave one (DOMAIN §0b)", () => {
    const wording = programmeWording({
      templateOverrides: [
        { template: 'announcement.published', locale: 'zh-CN', title: '新通知', body: '请阅读：{title}' },
      ],
    });
    const message = announcementMessage(published('第二期申领'), wording);
    expect(message.title['zh-CN']).toBe('新通知');
    expect(message.body['zh-CN']).toBe('请阅读：第二期申领');
    // the language the programme did not word keeps the platform's words
    expect(message.title.en).toBe('New announcement');
  });

  it('is one message in the same words, of an opt-in kind, never texted, emailed only to those who chose it', () => {
    const message = announcementMessage(published('关于开展2026年第一期服务券申领的通知'), platformWording);
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
    const address = { email: 'news@example.com' };
    const to = (channels: Record<string, boolean>) =>
      deliveriesOf(message, { ...address, channels: { announcement: channels } }, true);
    expect(deliveriesOf(message, { ...address, channels: {} }, true)).toEqual({
      inbox: false,
      sms: false,
      email: null,
    });
    expect(to({ inbox: true })).toEqual({ inbox: true, sms: false, email: null });
    expect(to({ inbox: true, email: true })).toEqual({ inbox: true, sms: false, email: 'news@example.com' });
    expect(to({ inbox: false, email: true, sms: true })).toEqual({
      inbox: false,
      sms: false,
      email: 'news@example.com',
    });
  });
});

let h: NotificationsHarness;
let smtp: OwnSmtpServer;
beforeAll(async () => {
  smtp = await ownSmtpServer();
  h = await notificationsHarness('notifnews', { SMTP_URL: smtp.url, EMAIL_RETRY_BACKOFF_MS: '150' });
});
afterAll(async () => {
  await h?.close();
  await smtp?.stop();
});

const inboxOf = async (userId: string) =>
  (await h.call(notifications.inbox, { page: 1, pageSize: 20 }, { userId, role: 'enterprise' })).items;
/** the email requests of an event's messages (their request id is the event's) */
const emailRequestsOf = async (sourceEventId: string) =>
  Number(
    (
      await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM outbox WHERE subject = ${notificationEvents.emailRequested.type}
        AND headers->>'x-request-id' = ${sourceEventId}`.execute(h.service.db)
    ).rows[0]!.n,
  );
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

  it('emails it once to each who chose email for announcements, whether or not they also keep it in the inbox', async () => {
    const address = (who: string) => `${who}-${uuidv7()}@example.com`;
    const chose = async (email: string | null, channels: { inbox?: boolean; email?: boolean } | null) => {
      const user = as('enterprise');
      await h.call(
        notifications.updatePreferences,
        { ...(email ? { email } : {}), kinds: channels ? [{ kind: 'announcement', ...channels }] : [] },
        user,
      );
      return { user, email };
    };
    const both = await chose(address('both'), { inbox: true, email: true });
    const emailOnly = await chose(address('email-only'), { inbox: false, email: true });
    const inboxOnly = await chose(address('inbox-only'), { inbox: true });
    const neverChose = await chose(address('never'), null);

    const id = uuidv7();
    const event = published('关于第三期服务券申领时间调整的通知');
    await h.redeliver(ae.published, id, event);
    const deadline = Date.now() + 8000;
    while ((smtp.to(both.email!).length === 0 || smtp.to(emailOnly.email!).length === 0) && Date.now() < deadline) {
      await sleep(20);
    }
    const [mail] = smtp.to(both.email!);
    expect(mail).toMatchObject({ subject: '新公告' });
    expect(mail!.text).toContain('平台发布了新公告「关于第三期服务券申领时间调整的通知」');
    expect(mail!.text).toContain('New announcement');
    // the email of a message in the inbox carries its id; one kept out of it, the id derived from the event
    const [inboxMessage] = await inboxOf(both.user.userId);
    expect(mail!.headers['message-id']).toBe(`<${inboxMessage!.id}@notifications.voucher>`);
    expect(smtp.to(emailOnly.email!)[0]!.headers['message-id']).toBe(
      `<${outOfInboxId(id, { userId: emailOnly.user.userId, template: 'announcement.published' })}@notifications.voucher>`,
    );
    expect(await inboxOf(emailOnly.user.userId)).toEqual([]);
    expect(await inboxOf(inboxOnly.user.userId)).toHaveLength(1);
    expect(await inboxOf(neverChose.user.userId)).toEqual([]);

    // redelivered: nothing more, on any channel
    await h.redeliver(ae.published, id, event);
    await sleep(500);
    for (const { email } of [both, emailOnly]) expect(smtp.to(email!)).toHaveLength(1);
    for (const { email } of [inboxOnly, neverChose]) expect(smtp.to(email!)).toEqual([]);
    expect(await emailRequestsOf(id)).toBe(2);
  });

  it('writes an announcement to 100,000 opted-in users in one INSERT, sharing one text', async () => {
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
