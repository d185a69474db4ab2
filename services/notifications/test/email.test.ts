import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { EVENTS_STREAM } from '@voucher/bus';
import {
  durableName,
  notificationEvents,
  notifications,
  orderEvents as oe,
  qualificationEvents as qe,
  type Caller,
  type DataOf,
  type EventDef,
} from '@voucher/contracts';
import { ownSmtpServer, publishEvent, type OwnSmtpServer } from '@voucher/testing';
import { outOfInboxId } from '../src/domain/preferences.ts';
import { as, certifiedEvent, notificationsHarness, sleep, type NotificationsHarness, until } from './harness.ts';

/**
 * Issue 18 items 1, 4 and 6: a message also goes by email to the address its
 * recipient gave, for the kinds they keep email on, through SMTP (nodemailer),
 * once per message. Against the real PostgreSQL and NATS and an SMTP server
 * the test starts on loopback.
 */
let h: NotificationsHarness;
let smtp: OwnSmtpServer;
const MAIL_FROM = '创新券平台 <no-reply@voucher.test>';

beforeAll(async () => {
  smtp = await ownSmtpServer();
  h = await notificationsHarness('notifemail', {
    SMTP_URL: smtp.url,
    MAIL_FROM,
    EMAIL_RETRY_BACKOFF_MS: '150',
    EMAIL_MAX_DELIVER: '20',
  });
});
afterAll(async () => {
  await h?.close();
  await smtp?.stop();
});

/** Publishes an event (under a given id, as a redelivery would) and waits until `consumer` has it in its inbox. */
async function handledBy<E extends EventDef>(
  consumer: string,
  event: E,
  data: DataOf<E>,
  id = uuidv7(),
): Promise<string> {
  await publishEvent(h.client, event, data, { id, messageId: `${id}-${uuidv7()}` });
  await until(async () => {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM inbox WHERE consumer = ${consumer} AND event_id = ${id}`.execute(h.service.db);
    return r.rows[0]!.n > 0;
  });
  return id;
}

const certified = (enterprise: Caller, companyName = '南京邮件科技有限公司') => certifiedEvent(enterprise, companyName);

/** A user who gave an address (and chose the kinds given) */
async function withEmail(
  role: Caller['role'],
  address: string,
  kinds: { kind: 'order_step' | 'review_result'; inbox?: boolean; email?: boolean }[] = [],
) {
  const user = as(role);
  await h.call(notifications.updatePreferences, { email: address, kinds }, user);
  return user;
}

describe('a message reaches the email address its recipient gave (issue 18 items 1 and 4)', () => {
  it('emails an approval once, in Chinese and English, even when the event and its email request are redelivered', async () => {
    const address = `approved-${uuidv7()}@example.com`;
    const enterprise = await withEmail('enterprise', address);
    const data = certified(enterprise);
    const eventId = await handledBy('notifications-reviews', qe.enterpriseCertified, data);
    await until(() => smtp.to(address).length === 1);

    const [messageId] = await h.messageIdsOf(enterprise.userId);
    const [mail] = smtp.to(address);
    expect(mail).toMatchObject({ from: 'no-reply@voucher.test', to: [address], subject: '企业认证已通过' });
    expect(mail!.headers['message-id']).toBe(`<${messageId}@notifications.voucher>`);
    expect(mail!.headers.from).toContain('创新券平台');
    expect(mail!.text).toContain('您提交的企业认证（南京邮件科技有限公司）已审核通过');
    expect(mail!.text).toContain('Enterprise certification approved');
    const [request] = await h.emailRequestsTo(address);
    expect(request).toEqual({ messageId, to: address, subject: '企业认证已通过', text: mail!.text });

    // the same event again: no message, no request
    await handledBy('notifications-reviews', qe.enterpriseCertified, data, eventId);
    // the email request again, as a replay of the dead letter would bring it under a new id: nothing more is sent
    await handledBy('notifications-email', notificationEvents.emailRequested, request!);
    await sleep(300);
    expect(await h.messageIdsOf(enterprise.userId)).toHaveLength(1);
    expect(await h.emailRequestsTo(address)).toHaveLength(1);
    expect(smtp.to(address)).toHaveLength(1);
    const sent = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM email_deliveries WHERE message_id = ${messageId!}`.execute(h.service.db);
    expect(sent.rows[0]!.n).toBe(1);
  });

  it('emails nobody who gave no address, nor a kind its recipient turned email off for', async () => {
    const noAddress = as('enterprise');
    const address = `no-approvals-${uuidv7()}@example.com`;
    const emailOff = await withEmail('enterprise', address, [{ kind: 'review_result', email: false }]);
    await handledBy('notifications-reviews', qe.enterpriseCertified, certified(noAddress));
    await handledBy('notifications-reviews', qe.enterpriseCertified, certified(emailOff));
    await sleep(500);
    // both are in the inboxes, none went by email
    expect(await h.messageIdsOf(noAddress.userId)).toHaveLength(1);
    expect(await h.messageIdsOf(emailOff.userId)).toHaveLength(1);
    expect(await h.emailRequestsTo(address)).toEqual([]);
    expect(smtp.to(address)).toEqual([]);
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM outbox WHERE subject = ${notificationEvents.emailRequested.type}
      AND envelope->'data'->>'messageId' = ANY(${[...(await h.messageIdsOf(noAddress.userId))]}::text[])`.execute(
      h.service.db,
    );
    expect(r.rows[0]!.n).toBe(0);
  });

  it('emails an order step its recipient keeps out of the inbox, under the id derived from the event', async () => {
    const address = `provider-${uuidv7()}@example.com`;
    const provider = await withEmail('provider', address, [{ kind: 'order_step', inbox: false }]);
    const enterprise = as('enterprise');
    const step = {
      orderId: uuidv7(),
      orderNo: '20261206233000000000000001',
      enterpriseId: enterprise.userId,
      providerId: provider.userId,
      productId: uuidv7(),
      productName: '知识产权贯标咨询',
      from: 'pending_payment' as const,
      to: 'awaiting_provider' as const,
      by: { userId: enterprise.userId, role: enterprise.role },
      reason: null,
      at: new Date().toISOString(),
    };
    const eventId = await handledBy('notifications-orders', oe.awaitingProvider, step);
    await until(() => smtp.to(address).length === 1);
    expect(await h.messageIdsOf(provider.userId)).toEqual([]);
    const [mail] = smtp.to(address);
    expect(mail!.subject).toBe('新订单待接单');
    expect(mail!.text).toContain('知识产权贯标咨询');
    const id = outOfInboxId(eventId, { userId: provider.userId, template: 'order.awaiting_provider' });
    expect(mail!.headers['message-id']).toBe(`<${id}@notifications.voucher>`);
  });
});

describe('email delivery is retried (issue 18 item 6)', () => {
  it('retries while the SMTP server is down, and delivers once when it comes back', async () => {
    const address = `retried-${uuidv7()}@example.com`;
    const enterprise = await withEmail('enterprise', address);
    const watcher = await h.client.busAs('notifications');
    const durable = durableName('notifications-email', notificationEvents.emailRequested);
    const stream = watcher.naming.stream(EVENTS_STREAM);
    const redelivered = async () => (await watcher.jsm.consumers.info(stream, durable)).num_redelivered;
    const before = await redelivered();

    await smtp.stop();
    try {
      await handledBy('notifications-reviews', qe.enterpriseCertified, certified(enterprise));
      // the request failed and waits for its next delivery; nothing was recorded as sent
      await until(async () => (await redelivered()) > before);
      await sleep(400);
      const [messageId] = await h.messageIdsOf(enterprise.userId);
      const sent = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM email_deliveries WHERE message_id = ${messageId!}`.execute(h.service.db);
      expect(sent.rows[0]!.n).toBe(0);
    } finally {
      await smtp.start();
    }
    await until(() => smtp.to(address).length === 1);
    await sleep(500);
    expect(smtp.to(address)).toHaveLength(1);
    expect(smtp.to(address)[0]!.subject).toBe('企业认证已通过');
  });
});
