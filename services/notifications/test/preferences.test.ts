import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  essentialMessageKinds,
  messageKinds,
  notificationEvents,
  notifications,
  orderEvents as oe,
  qualificationEvents as qe,
  type Caller,
  type DataOf,
  type EventDef,
} from '@voucher/contracts';
import { publishEvent } from '@voucher/testing';
import {
  channelsFor,
  defaultPreferences,
  deliveriesOf,
  outOfInboxId,
  updated,
  viewOf,
} from '../src/domain/preferences.ts';
import { EmailNotSent } from '../src/handlers/email.ts';
import { as, notificationsHarness, sleep, type NotificationsHarness, certifiedEvent } from './harness.ts';

/**
 * Issue 18 item 4: each user chooses the channels of each kind of message;
 * an essential message always reaches the inbox. The domain decides (the
 * first block, pure); the commands and the consumers honour it against the
 * real PostgreSQL and NATS (no SMTP server here: the email channel is off).
 */

describe('the preferences decide where each message goes (domain)', () => {
  it('sends every kind to the inbox and by SMS by default, and nothing by email until there is an address', () => {
    // issue 18 item 2: announcements reach only those who opted in (`optInMessageKinds`)
    const optedOut = (kind: string) => kind === 'announcement';
    for (const kind of messageKinds)
      expect(channelsFor(defaultPreferences, kind)).toEqual({ inbox: !optedOut(kind), sms: true, email: false });
    const withAddress = updated(defaultPreferences, { email: 'a@example.com' });
    for (const kind of messageKinds) expect(channelsFor(withAddress, kind).email).toBe(!optedOut(kind));
  });

  it('keeps announcements out until the user opts in, then sends them to the inbox (and by email with an address)', () => {
    const withAddress = updated(defaultPreferences, { email: 'a@example.com' });
    expect(channelsFor(withAddress, 'announcement')).toEqual({ inbox: false, sms: true, email: false });
    const optedIn = updated(withAddress, { kinds: [{ kind: 'announcement', inbox: true, email: true }] });
    expect(channelsFor(optedIn, 'announcement')).toEqual({ inbox: true, sms: true, email: true });
    expect(optedIn.channels.announcement).toEqual({ inbox: true, email: true });
  });

  it('keeps an essential kind in the inbox: an update turning it off is refused whole, naming the field', () => {
    for (const kind of essentialMessageKinds) {
      expect(() =>
        updated(defaultPreferences, {
          kinds: [
            { kind: 'order_step', sms: false },
            { kind, inbox: false },
          ],
        }),
      ).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          details: {
            fields: [{ path: 'kinds.1.inbox', message: `${kind} is essential: it always reaches the inbox` }],
          },
        }),
      );
    }
  });

  it('refuses email for a kind without an address, and a kind named twice', () => {
    expect(() => updated(defaultPreferences, { kinds: [{ kind: 'order_step', email: true }] })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { fields: [expect.objectContaining({ path: 'kinds.0.email' })] },
      }),
    );
    expect(() =>
      updated(defaultPreferences, {
        kinds: [
          { kind: 'order_step', sms: false },
          { kind: 'order_step', inbox: false },
        ],
      }),
    ).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ path: 'kinds.1.kind' })] } }));
  });

  it('sends by SMS only the messages that go by SMS, and by email only with an SMTP server and an address', () => {
    const prefs = updated(defaultPreferences, {
      email: 'a@example.com',
      kinds: [{ kind: 'order_step', inbox: false }],
    });
    const approval = { kind: 'review_result', template: 'enterprise_certification.approved' } as const;
    const waiting = { kind: 'order_step', template: 'order.awaiting_provider' } as const;
    const accepted = { kind: 'order_step', template: 'order.accepted' } as const;
    expect(deliveriesOf(approval, prefs, true)).toEqual({ inbox: true, sms: true, email: 'a@example.com' });
    expect(deliveriesOf(approval, prefs, false)).toEqual({ inbox: true, sms: true, email: null });
    expect(deliveriesOf(waiting, prefs, true)).toEqual({ inbox: false, sms: true, email: 'a@example.com' });
    expect(deliveriesOf(accepted, undefined, true)).toEqual({ inbox: true, sms: false, email: null });
  });

  it('gives a message kept out of the inbox the same id each time its event is handled', () => {
    const event = uuidv7();
    const message = { userId: uuidv7(), template: 'order.accepted' } as const;
    expect(outOfInboxId(event, message)).toBe(outOfInboxId(event, message));
    expect(outOfInboxId(event, message)).not.toBe(outOfInboxId(uuidv7(), message));
    expect(outOfInboxId(event, message)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows every kind with whether it is essential', () => {
    const view = viewOf(defaultPreferences);
    expect(view.kinds.map((k) => k.kind)).toEqual([...messageKinds]);
    expect(view.kinds.filter((k) => k.essential).map((k) => k.kind)).toEqual([...essentialMessageKinds]);
  });

  it('never tells the recipient’s address in a failed send (it reaches the logs and the dead letter)', () => {
    const smtpError = Object.assign(
      new Error("Can't send mail - all recipients were rejected: 550 <boss@example.com>"),
      {
        code: 'EENVELOPE',
        responseCode: 550,
        rejected: ['boss@example.com'],
      },
    );
    const err = new EmailNotSent(smtpError);
    expect(err.message).toBe('the SMTP server did not take the email (EENVELOPE 550)');
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('@');
  });
});

let h: NotificationsHarness;

beforeAll(async () => {
  h = await notificationsHarness('notifprefs');
});
afterAll(() => h?.close());

/** Publishes an event and waits until `consumer` has handled it (other consumers hear the order steps too). */
async function announceTo<E extends EventDef>(consumer: string, event: E, data: DataOf<E>): Promise<string> {
  const id = await publishEvent(h.client, event, data);
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM inbox WHERE consumer = ${consumer} AND event_id = ${id}`.execute(h.service.db);
    if (r.rows[0]!.n > 0) return id;
    if (Date.now() > deadline) throw new Error(`${event.type} was not handled by ${consumer} within 5 s`);
    await sleep(20);
  }
}

async function requestsFor(subject: string, userIdOrAddress: string, field: 'userId' | 'to') {
  const r = await sql<{ data: Record<string, string> }>`
    SELECT envelope->'data' AS data FROM outbox
    WHERE subject = ${subject} AND envelope->'data'->>${field} = ${userIdOrAddress}`.execute(h.service.db);
  return r.rows.map((row) => row.data);
}

async function messagesOf(userId: string): Promise<{ id: string; template: string }[]> {
  const r = await sql<{ id: string; template: string }>`
    SELECT id, template FROM messages WHERE user_id = ${userId} ORDER BY id`.execute(h.service.db);
  return r.rows;
}

const certified = (enterprise: Caller) => certifiedEvent(enterprise, '南京偏好科技有限公司');

type Step = DataOf<typeof oe.accepted>;

function orderStep(enterprise: Caller, provider: Caller, from: Step['from'], to: Step['to']): Step {
  return {
    orderId: uuidv7(),
    orderNo: '20261206230000000000000001',
    enterpriseId: enterprise.userId,
    providerId: provider.userId,
    productId: uuidv7(),
    productName: '两化融合管理体系评定',
    from,
    to,
    by: { userId: enterprise.userId, role: enterprise.role },
    reason: null,
    at: new Date().toISOString(),
  };
}

describe('each user reads and changes their own preferences (issue 18 item 4)', () => {
  it('shows a user who never chose every kind in the inbox and by SMS, no email, and which kinds are essential', async () => {
    const view = await h.call(notifications.preferences, {}, as('enterprise'));
    expect(view.email).toBeNull();
    expect(view.kinds).toHaveLength(messageKinds.length);
    for (const k of view.kinds) {
      expect(k).toEqual({
        kind: k.kind,
        essential: essentialMessageKinds.includes(k.kind),
        // issue 18 item 2: announcements only for those who opted in
        inbox: k.kind !== 'announcement',
        sms: true,
        email: false,
      });
    }
  });

  it('keeps the address and the choices of the caller alone, and email goes on for every kind once there is an address', async () => {
    const user = as('provider');
    const other = as('provider');
    const view = await h.call(
      notifications.updatePreferences,
      {
        email: 'orders@example.com',
        kinds: [
          { kind: 'order_step', inbox: false, sms: false },
          { kind: 'announcement', email: false },
        ],
      },
      user,
    );
    expect(view.email).toBe('orders@example.com');
    const byKind = new Map(view.kinds.map((k) => [k.kind, k]));
    expect(byKind.get('order_step')).toMatchObject({ inbox: false, sms: false, email: true });
    expect(byKind.get('announcement')).toMatchObject({ inbox: false, sms: true, email: false });
    expect(byKind.get('review_result')).toMatchObject({ inbox: true, sms: true, email: true });
    expect(await h.call(notifications.preferences, {}, user)).toEqual(view);
    expect((await h.call(notifications.preferences, {}, other)).email).toBeNull();

    // a later change of one channel keeps the others; removing the address stops every email, keeping the choices
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'order_step', sms: true }] }, user);
    const noAddress = await h.call(notifications.updatePreferences, { email: null }, user);
    expect(noAddress.email).toBeNull();
    expect(noAddress.kinds.find((k) => k.kind === 'order_step')).toMatchObject({
      inbox: false,
      sms: true,
      email: false,
    });
    expect(noAddress.kinds.every((k) => !k.email)).toBe(true);
  });

  it('refuses to keep an essential message out of the inbox with 400 VALIDATION_FAILED, changing nothing', async () => {
    const user = as('enterprise');
    await h.call(notifications.updatePreferences, { email: 'first@example.com' }, user);
    const before = await h.call(notifications.preferences, {}, user);
    const refusal = await h.refusal(
      notifications.updatePreferences,
      {
        email: 'second@example.com',
        kinds: [
          { kind: 'order_step', sms: false },
          { kind: 'review_result', inbox: false },
        ],
      },
      user,
    );
    expect(refusal).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [{ path: 'kinds.1.inbox', message: 'review_result is essential: it always reaches the inbox' }],
      },
    });
    expect(await h.call(notifications.preferences, {}, user)).toEqual(before);
  });

  it('counts every one of several changes made at once', async () => {
    const user = as('enterprise');
    const kinds = ['order_step', 'product_review', 'reservation_window', 'settlement_step', 'announcement'] as const;
    await Promise.all(
      kinds.map((kind) => h.call(notifications.updatePreferences, { kinds: [{ kind, sms: false }] }, user)),
    );
    const view = await h.call(notifications.preferences, {}, user);
    for (const kind of kinds) expect(view.kinds.find((k) => k.kind === kind)?.sms, kind).toBe(false);
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM preferences WHERE user_id = ${user.userId}`.execute(h.service.db);
    expect(r.rows[0]!.n).toBe(1);
  });

  it('keeps no trace of a refused change of a user who never chose', async () => {
    const user = as('expert');
    await h.refusal(notifications.updatePreferences, { kinds: [{ kind: 'draw_result', inbox: false }] }, user);
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM preferences WHERE user_id = ${user.userId}`.execute(h.service.db);
    expect(r.rows[0]!.n).toBe(0);
  });

  it('refuses email for a kind without an address, and an address that is not one', async () => {
    const user = as('enterprise');
    expect(
      await h.refusal(notifications.updatePreferences, { kinds: [{ kind: 'order_step', email: true }] }, user),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [expect.objectContaining({ path: 'kinds.0.email' })] },
    });
    expect(await h.refusal(notifications.updatePreferences, { email: 'not an address' }, user)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect((await h.call(notifications.preferences, {}, user)).email).toBeNull();
  });
});

describe('the consumers honour each recipient’s preferences (issue 18 item 4)', () => {
  it('writes no inbox message of a kind its recipient keeps out of the inbox, and the others as before', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    const bystander = as('enterprise');
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'order_step', inbox: false }] }, enterprise);
    await announceTo(
      'notifications-orders',
      oe.accepted,
      orderStep(enterprise, provider, 'awaiting_provider', 'accepted'),
    );
    await announceTo(
      'notifications-orders',
      oe.accepted,
      orderStep(bystander, provider, 'awaiting_provider', 'accepted'),
    );
    expect(await messagesOf(enterprise.userId)).toEqual([]);
    expect(await messagesOf(bystander.userId)).toEqual([expect.objectContaining({ template: 'order.accepted' })]);
    expect((await h.call(notifications.unreadCount, {}, enterprise)).unread).toBe(0);
  });

  it('still texts an order waiting for a provider who keeps order steps out of the inbox, unless they turned SMS off', async () => {
    const enterprise = as('enterprise');
    const outOfInbox = as('provider');
    const noSms = as('provider');
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'order_step', inbox: false }] }, outOfInbox);
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'order_step', sms: false }] }, noSms);
    const eventId = await announceTo(
      'notifications-orders',
      oe.awaitingProvider,
      orderStep(enterprise, outOfInbox, 'pending_payment', 'awaiting_provider'),
    );
    await announceTo(
      'notifications-orders',
      oe.awaitingProvider,
      orderStep(enterprise, noSms, 'pending_payment', 'awaiting_provider'),
    );

    expect(await messagesOf(outOfInbox.userId)).toEqual([]);
    const [sms] = await requestsFor(notificationEvents.smsRequested.type, outOfInbox.userId, 'userId');
    expect(sms).toMatchObject({
      messageId: outOfInboxId(eventId, { userId: outOfInbox.userId, template: 'order.awaiting_provider' }),
      text: expect.stringContaining('两化融合管理体系评定'),
    });
    expect(await messagesOf(noSms.userId)).toHaveLength(1);
    expect(await requestsFor(notificationEvents.smsRequested.type, noSms.userId, 'userId')).toEqual([]);
  });

  it('keeps an essential message in the inbox whatever was chosen, and leaves its SMS to the recipient', async () => {
    const enterprise = as('enterprise');
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'review_result', sms: false }] }, enterprise);
    await announceTo('notifications-reviews', qe.enterpriseCertified, certified(enterprise));
    expect(await messagesOf(enterprise.userId)).toEqual([
      expect.objectContaining({ template: 'enterprise_certification.approved' }),
    ]);
    expect(await requestsFor(notificationEvents.smsRequested.type, enterprise.userId, 'userId')).toEqual([]);
  });

  it('requests no email while the service has no SMTP server, whatever the user chose', async () => {
    const enterprise = as('enterprise');
    await h.call(notifications.updatePreferences, { email: 'nosmtp@example.com' }, enterprise);
    await announceTo('notifications-reviews', qe.enterpriseCertified, certified(enterprise));
    expect(await messagesOf(enterprise.userId)).toHaveLength(1);
    expect(await requestsFor(notificationEvents.emailRequested.type, 'nosmtp@example.com', 'to')).toEqual([]);
  });
});
