import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, notifications, notificationEvents, type DataOf } from '@voucher/contracts';
import { reservationWindows } from '../src/domain/reservation-windows.ts';
import { goesBySms } from '../src/domain/sms.ts';
import { composeAll, templates } from '../src/domain/templates.ts';
import { as, notificationsHarness, sleep, type NotificationsHarness } from './harness.ts';

/**
 * LOT-2/LOT-3, issue 18 item 2: a reservation window opening, for the
 * enterprises qualified for the campaign's year (the lottery's chunks of
 * `evt.lottery.campaign.opened`), inbox only.
 */
const opened = (enterpriseIds: string[], chunk = 0): DataOf<typeof lotteryEvents.campaignOpened> => ({
  campaignId: '0193a3c0-0000-7000-8000-0000000000aa',
  campaignName: '2026年第一期服务券预约',
  year: 2026,
  // 2026-12-13 15:30 in Shanghai
  opensAt: '2026-12-06T07:30:00.000Z',
  closesAt: '2026-12-13T07:30:00.000Z',
  chunk,
  enterpriseIds,
});

describe('a reservation window opening (domain)', () => {
  it('tells each enterprise of the chunk until when it may reserve, in one shared text, inbox only', () => {
    const ids = [uuidv7(), uuidv7()];
    const drafts = reservationWindows(opened(ids), 'Asia/Shanghai');
    expect(drafts).toEqual(
      ids.map((userId) => ({
        userId,
        template: 'reservation.window_opened',
        params: { campaignName: '2026年第一期服务券预约', year: 2026, closesAt: '2026-12-13 15:30' },
      })),
    );
    const [a, b] = composeAll(drafts);
    expect(a!.body).toBe(b!.body);
    expect(a!.body['zh-CN']).toBe(
      '「2026年第一期服务券预约」已开放预约，您已具备2026年度服务券资格，可在2026-12-13 15:30前预约服务券。',
    );
    expect(templates['reservation.window_opened'].kind).toBe('reservation_window');
    expect(goesBySms(a!)).toBe(false);
  });
});

let h: NotificationsHarness;
beforeAll(async () => {
  h = await notificationsHarness('notifwindows', { PROGRAMME_TIME_ZONE: 'Asia/Shanghai' });
});
afterAll(() => h?.close());

const inboxOf = async (userId: string) =>
  (await h.call(notifications.inbox, { page: 1, pageSize: 20 }, { userId, role: 'enterprise' })).items;

describe('a reservation window opening reaches the qualified enterprises', () => {
  it('writes each enterprise of a chunk one reservation_window message, once on redelivery, no SMS', async () => {
    const enterprises = [as('enterprise'), as('enterprise'), as('enterprise')];
    const id = uuidv7();
    const event = opened(enterprises.map((e) => e.userId));
    await h.redeliver(lotteryEvents.campaignOpened, id, event);
    const deadline = Date.now() + 8000;
    while ((await inboxOf(enterprises[2]!.userId)).length === 0 && Date.now() < deadline) await sleep(20);
    for (const e of enterprises) {
      expect(await inboxOf(e.userId)).toEqual([
        expect.objectContaining({
          kind: 'reservation_window',
          template: 'reservation.window_opened',
          params: { campaignName: '2026年第一期服务券预约', year: 2026, closesAt: '2026-12-13 15:30' },
          title: { 'zh-CN': '服务券预约已开始', en: 'Voucher reservations are open' },
        }),
      ]);
    }
    await h.redeliver(lotteryEvents.campaignOpened, id, event);
    await sleep(500);
    for (const e of enterprises) expect(await inboxOf(e.userId)).toHaveLength(1);
    const texts = await sql<{ n: string }>`SELECT count(DISTINCT text_id) AS n FROM messages
      WHERE source_event_id = ${id}`.execute(h.service.db);
    expect(Number(texts.rows[0]!.n)).toBe(1);
    const sms = await sql<{ n: string }>`SELECT count(*) AS n FROM outbox
      WHERE subject = ${notificationEvents.smsRequested.type}`.execute(h.service.db);
    expect(Number(sms.rows[0]!.n)).toBe(0);
  });
});
