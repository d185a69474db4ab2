import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AppError,
  notifications,
  type NotificationsSettings,
  type NotificationsSettingsView,
} from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;

/** Guangdong's words for a drawn voucher left unused (seed 004: 30 natural days to order, else reclaimed). */
const gdWording: NotificationsSettings = {
  templateOverrides: [
    {
      template: 'voucher.reclaim_due',
      locale: 'zh-CN',
      title: '请在{daysLeft}天内下单使用服务券',
      body: '您的{categoryName}（券号{voucherNumber}）如在{reclaimOn}前仍未下单，将被系统自动收回。',
    },
  ],
};
const view: NotificationsSettingsView = {
  ...gdWording,
  templates: [
    {
      template: 'voucher.reclaim_due',
      kind: 'order_deadline',
      variables: ['categoryName', 'voucherNumber', 'reclaimOn', 'daysLeft'],
      platform: {
        'zh-CN': { title: '服务券{daysLeft}天内将被收回', body: '…' },
        en: { title: 'Voucher reclaimed within {daysLeft} day(s) unless used', body: '…' },
      },
    },
  ],
};
const URL = '/api/v1/admin/settings/notifications';

beforeAll(async () => {
  gw = await startGateway({}, 'gwnotifsettings');
  gw.responder.answer(notifications.getSettings, async () => view);
  gw.responder.answer(notifications.putSettings, async (body) => ({ ...view, ...body }));
  await gw.responder.ready();
});
afterAll(() => gw?.close());
beforeEach(() => gw.responder.reset());

describe('the programme’s wording of the message templates (DOMAIN §0b): a programme setting, for an administrator only', () => {
  it('reads the wording with every template that may be worded, and replaces it, as the administrator', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const read = await gw.app.inject({ method: 'GET', url: URL, headers: bearer(token) });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual(view);
    const put = await gw.app.inject({ method: 'PUT', url: URL, headers: bearer(token), payload: gdWording });
    expect(put.statusCode, put.body).toBe(200);
    const [call] = gw.responder.callsTo(notifications.putSettings);
    expect(call?.payload).toEqual(gdWording);
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it('answers 401 without a token, and never asks the service', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      expect(
        (await gw.app.inject({ method, url: URL, ...(method === 'PUT' ? { payload: gdWording } : {}) })).statusCode,
      ).toBe(401);
    }
    expect(gw.responder.calls).toHaveLength(0);
  });

  it.each(['approver', 'operator', 'district_officer', 'finance', 'enterprise', 'provider'] as const)(
    'refuses a %s with 403, and never asks the service',
    async (role) => {
      const { token } = tokenFor({ role });
      for (const method of ['GET', 'PUT'] as const) {
        const res = await gw.app.inject({
          method,
          url: URL,
          headers: bearer(token),
          ...(method === 'PUT' ? { payload: gdWording } : {}),
        });
        expect(res.statusCode, `${method} ${res.body}`).toBe(403);
      }
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  const wording = gdWording.templateOverrides[0]!;
  it.each([
    ['no list', {}, 'templateOverrides'],
    ['an empty title', { templateOverrides: [{ ...wording, title: '' }] }, 'templateOverrides.0.title'],
    ['an overlong body', { templateOverrides: [{ ...wording, body: '字'.repeat(1001) }] }, 'templateOverrides.0.body'],
    [
      'a language messages are not written in',
      { templateOverrides: [{ ...wording, locale: 'fr' }] },
      'templateOverrides.0.locale',
    ],
    [
      'a key that is not one',
      { templateOverrides: [{ ...wording, template: 'reclaim' }] },
      'templateOverrides.0.template',
    ],
    [
      'a brace that opens no {variable}',
      { templateOverrides: [{ ...wording, body: '{daysLeft 天' }] },
      'templateOverrides.0.body',
    ],
    ['a template worded twice in one language', { templateOverrides: [wording, wording] }, 'templateOverrides.1'],
  ])(
    'refuses %s with 400 VALIDATION_FAILED naming the field, and never asks the service',
    async (_what, payload, field) => {
      const res = await gw.app.inject({
        method: 'PUT',
        url: URL,
        headers: bearer(tokenFor({ role: 'admin' }).token),
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it('passes on the service’s refusal of a variable the template does not declare as 400, in the platform’s error shape', async () => {
    gw.responder.answer(notifications.putSettings, async () => {
      throw new AppError('VALIDATION_FAILED', 'invalid input: templateOverrides.0.body', {
        fields: [{ path: 'templateOverrides.0.body', message: 'voucher.reclaim_due has no variable {balance}' }],
      });
    });
    const res = await gw.app.inject({
      method: 'PUT',
      url: URL,
      headers: bearer(tokenFor({ role: 'admin' }).token),
      payload: { templateOverrides: [{ ...wording, body: '余额{balance}元' }] },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [{ path: 'templateOverrides.0.body', message: 'voucher.reclaim_due has no variable {balance}' }],
      },
    });
  });
});
