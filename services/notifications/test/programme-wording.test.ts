import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  lotteryEvents,
  notificationEvents,
  notifications,
  walletEvents as we,
  type Caller,
  type DataOf,
  type NotificationsSettings,
  type TemplateOverride,
} from '@voucher/contracts';
import { as, notificationsHarness, type NotificationsHarness, until } from './harness.ts';

/**
 * DOMAIN §0b, issue 18 ("from templates, per programme"): an administrator
 * words a template the programme's own way, and the next event's message is
 * written in it. Against the real PostgreSQL and NATS.
 */
let h: NotificationsHarness;
const admin = as('admin');

beforeAll(async () => {
  h = await notificationsHarness('notifwording', { PROGRAMME_TIME_ZONE: 'Asia/Shanghai' });
});
afterAll(() => h?.close());

/** Guangdong's words for a drawn voucher left unused (seed 004: 30 natural days to order, else reclaimed). */
function gdReclaimWording(over: Partial<TemplateOverride> = {}): TemplateOverride {
  return {
    template: 'voucher.reclaim_due',
    locale: 'zh-CN',
    title: '请在{daysLeft}天内下单使用服务券',
    body: '请在当批次服务券发放结束后30个自然日内下单：您的{categoryName}（券号{voucherNumber}）如在{reclaimOn}前仍未下单，将被系统自动收回。',
    ...over,
  };
}

/** A builder: the wallet's reminder that an enterprise's unused voucher is reclaimed in 7 days (WAL-6). */
function reclaimReminder(enterpriseId: string): DataOf<typeof we.voucherExpiring> {
  return {
    voucherId: uuidv7(),
    voucherNumber: '2026000077',
    enterpriseId,
    category: 'DIGITAL',
    categoryName: '数字化转型券',
    balance: 500_000,
    deadline: 'reclaim',
    // 2026-12-31 23:59 in Shanghai
    endsAt: '2026-12-31T15:59:00.000Z',
    expiresAt: '2027-06-30T15:59:59.999Z',
    daysLeft: 7,
  };
}

const inboxOf = async (enterprise: Caller) =>
  (await h.call(notifications.inbox, { page: 1, pageSize: 5 }, enterprise)).items;

/**
 * The message a reclaim reminder writes in a new enterprise's inbox (waited
 * for in the inbox: other consumers of the service hear the event too).
 */
async function reminded() {
  const enterprise = as('enterprise');
  await h.redeliver(we.voucherExpiring, uuidv7(), reclaimReminder(enterprise.userId));
  await until(async () => (await inboxOf(enterprise)).length > 0);
  const inbox = await inboxOf(enterprise);
  expect(inbox).toHaveLength(1);
  return { message: inbox[0]!, enterprise };
}

const settingsAudits = async () =>
  (
    await sql<{ from_state: string; to_state: string; actor_id: string }>`
      SELECT from_state, to_state, actor_id FROM audit_log
      WHERE entity = 'settings' AND entity_id = 'notifications' ORDER BY id`.execute(h.service.db)
  ).rows;

describe('a programme’s wording of the templates (DOMAIN §0b, issue 18)', () => {
  it('starts in the platform’s words, and lists every template with its variables and words for the administrator', async () => {
    const view = await h.call(notifications.getSettings, {}, admin);
    expect(view.templateOverrides).toEqual([]);
    expect(view.templates.find((t) => t.template === 'voucher.reclaim_due')).toMatchObject({
      kind: 'order_deadline',
      variables: ['categoryName', 'voucherNumber', 'reclaimOn', 'daysLeft'],
      platform: { 'zh-CN': { title: '服务券{daysLeft}天内将被收回' } },
    });
    const { message } = await reminded();
    expect(message.title['zh-CN']).toBe('服务券7天内将被收回');
  });

  it('writes the next event’s message in the programme’s wording, its SMS too, and keeps the platform’s for the language it did not word', async () => {
    const settings: NotificationsSettings = { templateOverrides: [gdReclaimWording()] };
    const saved = await h.call(notifications.putSettings, settings, admin);
    expect(saved.templateOverrides).toEqual(settings.templateOverrides);
    expect(saved.templates.length).toBeGreaterThan(20);

    const { message, enterprise } = await reminded();
    expect(message.title['zh-CN']).toBe('请在7天内下单使用服务券');
    expect(message.body['zh-CN']).toBe(
      '请在当批次服务券发放结束后30个自然日内下单：您的数字化转型券（券号2026000077）如在2026-12-31 23:59前仍未下单，将被系统自动收回。',
    );
    expect(message.title.en).toBe('Voucher reclaimed within 7 day(s) unless used');
    const sms = await sql<{ text: string }>`
      SELECT envelope->'data'->>'text' AS text FROM outbox
      WHERE subject = ${notificationEvents.smsRequested.type} AND envelope->'data'->>'userId' = ${enterprise.userId}`.execute(
      h.service.db,
    );
    expect(sms.rows.map((r) => r.text)).toEqual([`请在7天内下单使用服务券：${message.body['zh-CN']}`]);

    const [audit] = (await settingsAudits()).slice(-1);
    expect(audit).toMatchObject({ actor_id: admin.userId });
    expect(JSON.parse(audit!.from_state)).toEqual({ templateOverrides: [] });
    expect(JSON.parse(audit!.to_state)).toEqual(settings);
  });

  it.each([
    [
      'a placeholder the template does not declare',
      gdReclaimWording({ body: '余额{balance}元的服务券将被收回' }),
      'templateOverrides.0.body',
    ],
    [
      'a key no template has: a programme never adds one',
      gdReclaimWording({ template: 'voucher.lost' }),
      'templateOverrides.0.template',
    ],
  ])('refuses %s with VALIDATION_FAILED naming the field, and nothing changes', async (_what, bad, field) => {
    const before = await h.call(notifications.getSettings, {}, admin);
    const audits = (await settingsAudits()).length;
    const refusal = await h.refusal(notifications.putSettings, { templateOverrides: [bad] }, admin);
    expect(refusal.code).toBe('VALIDATION_FAILED');
    expect(refusal.details).toMatchObject({ fields: [{ path: field }] });
    expect(await h.call(notifications.getSettings, {}, admin)).toEqual(before);
    expect(await settingsAudits()).toHaveLength(audits);
    // the messages are still written in the wording stored before
    const { message } = await reminded();
    expect(message.title['zh-CN']).toBe('请在7天内下单使用服务券');
  });

  it('lets only an administrator read or change the wording', async () => {
    for (const role of ['approver', 'operator', 'district_officer', 'enterprise', 'provider'] as const) {
      expect((await h.refusal(notifications.getSettings, {}, as(role))).code).toBe('FORBIDDEN');
      expect((await h.refusal(notifications.putSettings, { templateOverrides: [] }, as(role))).code).toBe('FORBIDDEN');
    }
  });

  it('writes a draw’s chunk in the programme’s wording once: every winner’s message shares one text (LOT-7)', async () => {
    await h.call(
      notifications.putSettings,
      {
        templateOverrides: [
          {
            template: 'draw.won',
            locale: 'zh-CN',
            title: '摇号结果：已中签',
            body: '「{campaignName}」第{batchSeq}批次，{categoryName}中签。',
          },
        ],
      },
      admin,
    );
    const winners = Array.from({ length: 50 }, () => uuidv7());
    const eventId = uuidv7();
    await h.redeliver(lotteryEvents.resultsPublished, eventId, {
      batchId: uuidv7(),
      campaignId: uuidv7(),
      campaignName: '2026年第一期服务券',
      batchSeq: 3,
      category: 'AUDIT',
      categoryName: '审计服务专用券',
      outcome: 'won',
      chunk: 0,
      enterpriseIds: winners,
      publishedAt: new Date().toISOString(),
    });
    const written = () =>
      sql<{ text_id: string; title_zh: string; body_zh: string; title_en: string }>`
        SELECT text_id, title_zh, body_zh, title_en FROM messages JOIN message_texts t ON t.id = text_id
        WHERE source_event_id = ${eventId}`.execute(h.service.db);
    await until(async () => (await written()).rows.length === winners.length);
    const rows = (await written()).rows;
    expect(new Set(rows.map((r) => r.text_id)).size).toBe(1);
    expect(rows[0]).toMatchObject({
      title_zh: '摇号结果：已中签',
      body_zh: '「2026年第一期服务券」第3批次，审计服务专用券中签。',
      title_en: 'You have won a voucher',
    });
  });

  it('goes back to the platform’s words when the programme’s wording is removed', async () => {
    await h.call(notifications.putSettings, { templateOverrides: [] }, admin);
    const { message } = await reminded();
    expect(message.title['zh-CN']).toBe('服务券7天内将被收回');
  });
});
