import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { notifications, qualificationEvents as qe } from '@voucher/contracts';
import { v7 as uuidv7 } from 'uuid';
import { as, certifiedEvent, notificationsHarness, type NotificationsHarness } from './harness.ts';

let h: NotificationsHarness;
beforeAll(async () => {
  h = await notificationsHarness('notifsweep');
});
afterAll(() => h?.close());

const scheduler = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' as const };

async function approved(): Promise<string> {
  const enterprise = as('enterprise');
  await h.announce(qe.enterpriseCertified, certifiedEvent(enterprise, '南京留存科技有限公司'));
  return enterprise.userId;
}
const messagesOf = async (userId: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM messages WHERE user_id = ${userId}`.execute(h.service.db))
    .rows[0]!.n;

describe('issue 18 item 1: a message is kept one year, then swept by the scheduler’s daily job', () => {
  it('deletes the messages and texts past their year, and keeps the younger ones', async () => {
    const old = await approved();
    const young = await approved();
    await sql`UPDATE message_texts SET keep_until = now() - interval '1 second'
              WHERE id = (SELECT text_id FROM messages WHERE user_id = ${old})`.execute(h.service.db);
    await sql`UPDATE messages SET keep_until = now() - interval '1 second' WHERE user_id = ${old}`.execute(
      h.service.db,
    );
    expect(await h.call(notifications.sweepExpired, {}, scheduler)).toEqual({ messages: 1, texts: 1 });
    expect(await messagesOf(old)).toBe(0);
    expect(await messagesOf(young)).toBe(1);
    // the inbox still reads: no message was left without its words
    const inbox = await h.call(
      notifications.inbox,
      { page: 1, pageSize: 20, unreadOnly: false },
      {
        userId: young,
        role: 'enterprise',
      },
    );
    expect(inbox.items).toHaveLength(1);
    expect(await h.call(notifications.sweepExpired, {}, scheduler)).toEqual({ messages: 0, texts: 0 });
  });

  it('is the scheduler’s alone: no other service may send it, no signed-in user may ask it', async () => {
    expect((await h.refusal(notifications.sweepExpired, {}, as('enterprise'))).code).toBe('FORBIDDEN');
    const gateway = await h.client.busAs('gateway');
    await expect(gateway.request(notifications.sweepExpired, {}, { requestId: uuidv7() })).rejects.toThrow();
  });
});
