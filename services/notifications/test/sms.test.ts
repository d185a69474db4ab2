import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  identity,
  orderEvents as oe,
  qualificationEvents as qe,
  type Caller,
  type RequestOf,
} from '@voucher/contracts';
import { as, notificationsHarness, sleep, type NotificationsHarness, certifiedEvent, until } from './harness.ts';

/**
 * Issue 18 items 1 and 6: an essential message also goes out by SMS, through
 * identity's `svc.identity.textUser`. Identity is played here by a responder
 * registered as identity on the isolated bus, whose answers the tests choose:
 * it checks the sender as identity does (the bus refuses any but notifications).
 */
let h: NotificationsHarness;
const calls: { payload: RequestOf<typeof identity.textUser>; sender: string | undefined }[] = [];
/** how many more times identity fails a user's texts (500-like), or always */
const failures = new Map<string, number | 'always'>();
/** users whose next text identity refuses as over the hour's budget, coming back in 2 s */
const overBudget = new Set<string>();
/** users identity cannot text: no mobile */
const noMobile = new Set<string>();

beforeAll(async () => {
  h = await notificationsHarness(
    'notifsms',
    { SMS_RETRY_BACKOFF_MS: '100', SMS_MAX_DELIVER: '3' },
    async (payload, ctx) => {
      calls.push({ payload, sender: ctx.sender });
      if (noMobile.has(payload.userId)) throw new AppError('INVALID_STATE', 'the user has no mobile to text');
      if (overBudget.delete(payload.userId)) {
        throw new AppError('RATE_LIMITED', 'the SMS budget of this hour is spent', { retryAfterSeconds: 2 });
      }
      const left = failures.get(payload.userId);
      if (left === 'always' || (typeof left === 'number' && left > 0)) {
        if (typeof left === 'number') failures.set(payload.userId, left - 1);
        throw new AppError('UNAVAILABLE', 'the SMS gateway answered 500');
      }
      return { key: payload.key, sentAt: new Date().toISOString() };
    },
  );
});
afterAll(() => h?.close());

const callsFor = (userId: string) => calls.filter((c) => c.payload.userId === userId);

const certified = (enterprise: Caller) => certifiedEvent(enterprise, '南京短信科技有限公司');

describe('an essential message also goes out by SMS, through identity (issue 18 items 1 and 6)', () => {
  it('requests one SMS per message of an approval, in Chinese, keyed by the message id; a redelivery adds none', async () => {
    const enterprise = as('enterprise');
    const data = certified(enterprise);
    const eventId = uuidv7();
    await h.redeliver(qe.enterpriseCertified, eventId, data);
    await until(async () => (await h.smsRequestsFor(enterprise.userId)).length > 0);
    const [messageId] = await h.messageIdsOf(enterprise.userId);
    const requests = await h.smsRequestsFor(enterprise.userId);
    expect(requests).toEqual([
      { messageId, userId: enterprise.userId, text: expect.stringContaining('企业认证已通过') },
    ]);
    expect(requests[0]!.text).toContain('南京短信科技有限公司');

    await until(() => callsFor(enterprise.userId).length === 1);
    expect(callsFor(enterprise.userId)[0]).toEqual({
      payload: { key: messageId, userId: enterprise.userId, text: requests[0]!.text },
      sender: 'notifications',
    });

    // the same event again (a redelivery, a replay): no message, no SMS request, no text
    await h.redeliver(qe.enterpriseCertified, eventId, data);
    await sleep(500);
    expect(await h.messageIdsOf(enterprise.userId)).toHaveLength(1);
    expect(await h.smsRequestsFor(enterprise.userId)).toHaveLength(1);
    expect(callsFor(enterprise.userId)).toHaveLength(1);
  });

  it('texts the provider of an order waiting for it, and nobody of the steps that are not essential', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    const orderId = uuidv7();
    const step = (from: 'pending_payment' | 'awaiting_provider', to: 'awaiting_provider' | 'accepted') => ({
      orderId,
      orderNo: '20261206210000000000000001',
      enterpriseId: enterprise.userId,
      providerId: provider.userId,
      productId: uuidv7(),
      productName: '两化融合管理体系评定',
      from,
      to,
      by: { userId: enterprise.userId, role: enterprise.role },
      reason: null,
      at: new Date().toISOString(),
    });
    await h.announce(oe.awaitingProvider, step('pending_payment', 'awaiting_provider'));
    await h.announce(oe.accepted, step('awaiting_provider', 'accepted'));
    await until(() => callsFor(provider.userId).length === 1);
    expect(callsFor(provider.userId)[0]!.payload.text).toContain('两化融合管理体系评定');
    await sleep(300);
    expect(await h.messageIdsOf(enterprise.userId)).toHaveLength(1); // the acceptance reached the inbox
    expect(await h.smsRequestsFor(enterprise.userId)).toEqual([]);
    expect(callsFor(enterprise.userId)).toEqual([]);
  });

  it('retries a failing SMS gateway with the same key until it sends', async () => {
    const enterprise = as('enterprise');
    failures.set(enterprise.userId, 2);
    await h.announce(qe.enterpriseCertified, certified(enterprise));
    await until(() => callsFor(enterprise.userId).length === 3);
    const [messageId] = await h.messageIdsOf(enterprise.userId);
    expect(new Set(callsFor(enterprise.userId).map((c) => c.payload.key))).toEqual(new Set([messageId]));
    await sleep(500);
    expect(callsFor(enterprise.userId)).toHaveLength(3);
  });

  it('parks the request in the dead letter after its deliveries, losing no message', async () => {
    const enterprise = as('enterprise');
    failures.set(enterprise.userId, 'always');
    await h.announce(qe.enterpriseCertified, certified(enterprise));
    await until(() => callsFor(enterprise.userId).length === 3);
    await sleep(800);
    expect(callsFor(enterprise.userId)).toHaveLength(3);
    // the inbox message stands, and the request is on the dead-letter subject for the admin's replay
    expect(await h.messageIdsOf(enterprise.userId)).toHaveLength(1);
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM inbox WHERE consumer = 'notifications-sms'
      AND event_id IN (SELECT id FROM outbox WHERE envelope->'data'->>'userId' = ${enterprise.userId})`.execute(
      h.service.db,
    );
    expect(r.rows[0]!.n).toBe(0);
  });
});

describe('the texts’ hourly budget spent (issue 18 item 6)', () => {
  it('waits until identity says the budget is back before trying again, then sends once', async () => {
    const enterprise = as('enterprise');
    overBudget.add(enterprise.userId);
    await h.announce(qe.enterpriseCertified, certified(enterprise));
    await until(() => callsFor(enterprise.userId).length === 1);
    const refusedAt = Date.now();
    // the channel's own backoff here is 100 ms: the refusal's 2 s win
    await sleep(1500);
    expect(callsFor(enterprise.userId)).toHaveLength(1);
    await until(() => callsFor(enterprise.userId).length === 2, 8000);
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(1900);
    await sleep(300);
    expect(callsFor(enterprise.userId)).toHaveLength(2);
  });
});

describe('a recipient identity cannot text (issue 18 item 6)', () => {
  it('asks once, keeps the message in the inbox, and parks nothing: no retry changes a missing mobile', async () => {
    const enterprise = as('enterprise');
    noMobile.add(enterprise.userId);
    await h.announce(qe.enterpriseCertified, certified(enterprise));
    await until(() => callsFor(enterprise.userId).length === 1);
    // the channel's backoff here is 100 ms and 3 deliveries: a retry would have come
    await sleep(800);
    expect(callsFor(enterprise.userId)).toHaveLength(1);
    expect(await h.messageIdsOf(enterprise.userId)).toHaveLength(1);
  });
});
