import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  AppError,
  deadLetterCommands,
  identity,
  notificationEvents,
  qualificationEvents as qe,
  type Caller,
  type DataOf,
  type DeadLetterEntry,
  type RequestOf,
} from '@voucher/contracts';
import { DEAD_LETTER_STREAM } from '@voucher/bus';
import { as, notificationsHarness, sleep, type NotificationsHarness, certifiedEvent, until } from './harness.ts';

/**
 * Issue 18 item 6: a channel delivery that keeps failing is parked in the
 * dead letter; an admin lists it (by event type and id, never the text or the
 * mobile) and replays it to the consumer that failed, once. Against real NATS
 * and PostgreSQL; identity is played by a responder whose answers the test chooses.
 */
let h: NotificationsHarness;
/** the commands every service that parks dead letters answers (libs/runtime, issue 19 item 4) */
const ownDeadLetters = deadLetterCommands('notifications');
const texts: RequestOf<typeof identity.textUser>[] = [];
const refused = new Set<string>();
const admin = as('admin');

beforeAll(async () => {
  h = await notificationsHarness('notifdlq', { SMS_RETRY_BACKOFF_MS: '50', SMS_MAX_DELIVER: '2' }, async (payload) => {
    if (refused.has(payload.userId)) throw new AppError('UNAVAILABLE', 'the SMS gateway answered 500');
    texts.push(payload);
    return { key: payload.key, sentAt: new Date().toISOString() };
  });
});
afterAll(() => h?.close());

const certified = (enterprise: Caller) => certifiedEvent(enterprise, '南京死信科技有限公司');

async function smsRequestOf(
  userId: string,
): Promise<{ id: string; data: DataOf<typeof notificationEvents.smsRequested> }> {
  const r = await sql<{ id: string; data: DataOf<typeof notificationEvents.smsRequested> }>`
    SELECT id, envelope->'data' AS data FROM outbox
    WHERE subject = ${notificationEvents.smsRequested.type} AND envelope->'data'->>'userId' = ${userId}`.execute(
    h.service.db,
  );
  expect(r.rows).toHaveLength(1);
  return r.rows[0]!;
}

const deadLetters = async (page = 1, pageSize = 100) => h.call(ownDeadLetters.list, { page, pageSize }, admin);

async function deadLetterOf(eventId: string): Promise<DeadLetterEntry | undefined> {
  return (await deadLetters()).items.find((d) => d.eventId === eventId);
}

describe('the dead letters of the SMS channel, for an admin to replay (issue 18 item 6)', () => {
  it('parks an SMS that identity keeps refusing, lists it without its text or mobile, and replays it once', async () => {
    const enterprise = as('enterprise');
    refused.add(enterprise.userId);
    await h.announce(qe.enterpriseCertified, certified(enterprise));
    const request = await smsRequestOf(enterprise.userId);

    await until(async () => (await deadLetterOf(request.id)) !== undefined);
    const listed = await deadLetters();
    const parked = listed.items.find((d) => d.eventId === request.id)!;
    expect(parked).toEqual({
      seq: expect.any(Number),
      consumer: 'notifications-sms',
      eventType: notificationEvents.smsRequested.type,
      eventId: request.id,
      deadLetteredAt: expect.any(String),
      publishedAt: expect.any(String),
      deliveries: 2,
      reason: 'the SMS gateway answered 500',
      replayable: true,
      replayedFrom: null,
      history: [],
    });
    expect(listed.total).toBeGreaterThanOrEqual(1);
    // the event's data never leaves: not the text, not the user, not the message
    const said = JSON.stringify(listed);
    expect(said).not.toContain(request.data.text.slice(0, 10));
    expect(said).not.toContain('南京死信科技');
    expect(said).not.toContain(enterprise.userId);
    expect(said).not.toContain(request.data.messageId);
    expect(texts.filter((t) => t.userId === enterprise.userId)).toEqual([]);

    // identity recovers; the admin replays: the SMS consumer gets it again and texts once
    refused.delete(enterprise.userId);
    const replayed = await h.call(ownDeadLetters.replay, { seq: parked.seq }, admin);
    expect(replayed).toEqual({
      seq: parked.seq,
      consumer: 'notifications-sms',
      eventType: notificationEvents.smsRequested.type,
      eventId: request.id,
      replayedAt: expect.any(String),
    });
    await until(() => texts.some((t) => t.userId === enterprise.userId));
    await sleep(500);
    expect(texts.filter((t) => t.userId === enterprise.userId)).toEqual([
      { key: request.data.messageId, userId: enterprise.userId, text: request.data.text },
    ]);
    // the consumer recorded it under the same event id
    const inbox = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM inbox WHERE consumer = 'notifications-sms' AND event_id = ${request.id}`.execute(
      h.service.db,
    );
    expect(inbox.rows[0]!.n).toBe(1);

    // gone from the list; replayed again: 404, and nothing more is sent
    expect(await deadLetterOf(request.id)).toBeUndefined();
    const again = await h.refusal(ownDeadLetters.replay, { seq: parked.seq }, admin);
    expect(again.code).toBe('NOT_FOUND');
    await sleep(300);
    expect(texts.filter((t) => t.userId === enterprise.userId)).toHaveLength(1);
  });

  it('publishes once when two admins replay the same dead letter at once', async () => {
    const enterprise = as('enterprise');
    refused.add(enterprise.userId);
    await h.announce(qe.enterpriseCertified, certified(enterprise));
    const request = await smsRequestOf(enterprise.userId);
    await until(async () => (await deadLetterOf(request.id)) !== undefined);
    const { seq } = (await deadLetterOf(request.id))!;
    refused.delete(enterprise.userId);

    const outcomes = await Promise.allSettled(
      [admin, as('admin'), admin].map((who) => h.call(ownDeadLetters.replay, { seq }, who)),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refusedWith = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .map((o) => (o.reason as AppError).code);
    expect(ok).toHaveLength(1);
    expect(refusedWith).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    await until(() => texts.some((t) => t.userId === enterprise.userId));
    await sleep(500);
    expect(texts.filter((t) => t.userId === enterprise.userId)).toHaveLength(1);
    expect(await deadLetterOf(request.id)).toBeUndefined();
  });

  it('publishes nothing more when another replay published the dead letter and has not removed it yet', async () => {
    const enterprise = as('enterprise');
    refused.add(enterprise.userId);
    await h.announce(qe.enterpriseCertified, certified(enterprise));
    const request = await smsRequestOf(enterprise.userId);
    await until(async () => (await deadLetterOf(request.id)) !== undefined);
    const { seq } = (await deadLetterOf(request.id))!;
    refused.delete(enterprise.userId);

    // the first replay's publish, as DeadLetters makes it, caught before its removal of the dead letter
    const bus = h.service.bus;
    const stream = bus.naming.stream(DEAD_LETTER_STREAM);
    const stored = (await bus.jsm.streams.getMessage(stream, { seq }))!;
    await bus.js.publish(stored.header.get('x-original-subject'), stored.data, { msgID: `replay:${stream}:${seq}` });

    const refusal = await h.refusal(ownDeadLetters.replay, { seq }, admin);
    expect(refusal.code).toBe('NOT_FOUND');
    expect(await deadLetterOf(request.id)).toBeUndefined();
    await until(() => texts.some((t) => t.userId === enterprise.userId));
    await sleep(500);
    expect(texts.filter((t) => t.userId === enterprise.userId)).toHaveLength(1);
  });

  it('pages the list, oldest first', async () => {
    const users = [as('enterprise'), as('enterprise'), as('enterprise')];
    for (const u of users) refused.add(u.userId);
    const ids: string[] = [];
    for (const u of users) {
      await h.announce(qe.enterpriseCertified, certified(u));
      ids.push((await smsRequestOf(u.userId)).id);
    }
    await until(async () => (await deadLetters()).items.filter((d) => ids.includes(d.eventId ?? '')).length === 3);
    const all = await deadLetters();
    const seqs = all.items.map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.total).toBe(all.items.length);
    const second = await deadLetters(2, 1);
    expect(second).toMatchObject({ page: 2, pageSize: 1, total: all.total });
    expect(second.items.map((d) => d.seq)).toEqual([seqs[1]]);
    expect((await deadLetters(all.total + 1, 1)).items).toEqual([]);
  });

  it('answers NOT_FOUND for a sequence with no dead letter of the service', async () => {
    const refusal = await h.refusal(ownDeadLetters.replay, { seq: 987_654_321 }, admin);
    expect(refusal.code).toBe('NOT_FOUND');
  });

  it.each(['operator', 'approver', 'enterprise', 'provider'] as const)(
    'refuses a %s: listing and replaying are for admins',
    async (role) => {
      const caller = as(role);
      expect((await h.refusal(ownDeadLetters.list, { page: 1, pageSize: 20 }, caller)).code).toBe('FORBIDDEN');
      expect((await h.refusal(ownDeadLetters.replay, { seq: 1 }, caller)).code).toBe('FORBIDDEN');
    },
  );

  it('refuses a request without a caller', async () => {
    const refusal = await h.refusal(ownDeadLetters.list, { page: 1, pageSize: 20 });
    expect(refusal.code).toBe('UNAUTHENTICATED');
  });
});
