import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AppError, messageKinds, notifications, type PreferencesView } from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;

const defaults: PreferencesView = {
  email: null,
  kinds: messageKinds.map((kind) => ({
    kind,
    essential: kind === 'review_result',
    inbox: true,
    sms: true,
    email: false,
  })),
};

beforeAll(async () => {
  gw = await startGateway({}, 'gwnotif');
  gw.responder.answer(notifications.inbox, async (q) => ({ items: [], page: q.page, pageSize: q.pageSize, total: 0 }));
  gw.responder.answer(notifications.unreadCount, async () => ({ unread: 0 }));
  gw.responder.answer(notifications.markRead, async () => ({ marked: 0, unread: 0 }));
  gw.responder.answer(notifications.markAllRead, async () => ({ marked: 0, unread: 0 }));
  gw.responder.answer(notifications.preferences, async () => defaults);
  gw.responder.answer(notifications.updatePreferences, async (update) => {
    // the service's refusal of an essential kind's inbox, as notifications answers it
    const off = update.kinds?.findIndex((k) => k.kind === 'review_result' && k.inbox === false) ?? -1;
    if (off >= 0) {
      throw new AppError('VALIDATION_FAILED', 'invalid input: kinds.0.inbox', {
        fields: [{ path: `kinds.${off}.inbox`, message: 'review_result is essential: it always reaches the inbox' }],
      });
    }
    return { ...defaults, email: update.email ?? null };
  });
  await gw.responder.ready();
});
afterAll(() => gw?.close());
beforeEach(() => gw.responder.reset());

describe('the inbox routes (issue 18): the caller’s own messages, for every signed-in role', () => {
  it.each(['enterprise', 'provider_staff', 'expert', 'admin'] as const)(
    'asks the notifications service for a signed-in %s, who is the caller and never a user named in the query',
    async (role) => {
      const { token, claims } = tokenFor({ role, permissions: [] });
      const someoneElse = uuidv7();
      const res = await gw.app.inject({
        method: 'GET',
        url: `/api/v1/notifications?page=2&pageSize=5&unreadOnly=true&userId=${someoneElse}`,
        headers: bearer(token),
      });
      expect(res.statusCode, res.body).toBe(200);
      const [call] = gw.responder.callsTo(notifications.inbox);
      expect(call?.payload).toEqual({ page: 2, pageSize: 5, unreadOnly: true });
      expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role });
    },
  );

  it('answers 401 without a token, and never asks the service', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/notifications'],
      ['GET', '/api/v1/notifications/unread-count'],
      ['POST', '/api/v1/notifications/read'],
      ['POST', '/api/v1/notifications/read-all'],
      ['GET', '/api/v1/notifications/preferences'],
      ['PUT', '/api/v1/notifications/preferences'],
    ] as const) {
      expect((await gw.app.inject({ method, url })).statusCode, url).toBe(401);
    }
    expect(gw.responder.calls).toHaveLength(0);
  });

  it.each([
    ['GET', '/api/v1/notifications?page=0', undefined, 'page'],
    ['GET', '/api/v1/notifications?pageSize=1000', undefined, 'pageSize'],
    ['POST', '/api/v1/notifications/read', { ids: ['not-a-uuid'] }, 'ids.0'],
    ['POST', '/api/v1/notifications/read', { ids: [] }, 'ids'],
    ['PUT', '/api/v1/notifications/preferences', { email: 'not-an-address' }, 'email'],
    ['PUT', '/api/v1/notifications/preferences', { kinds: [{ kind: 'no_such_kind', inbox: false }] }, 'kinds.0.kind'],
    ['PUT', '/api/v1/notifications/preferences', { kinds: [{ kind: 'order_step', email: 'yes' }] }, 'kinds.0.email'],
  ] as const)('refuses %s %s with 400 VALIDATION_FAILED naming the field', async (method, url, payload, field) => {
    const res = await gw.app.inject({
      method,
      url,
      headers: bearer(tokenFor({ role: 'enterprise' }).token),
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(gw.responder.calls).toHaveLength(0);
  });

  it('marks read the ids sent, as the caller', async () => {
    const { token, claims } = tokenFor({ role: 'provider' });
    const ids = [uuidv7(), uuidv7()];
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read',
      headers: bearer(token),
      payload: { ids },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [call] = gw.responder.callsTo(notifications.markRead);
    expect(call?.payload).toEqual({ ids });
    expect(call?.ctx.caller?.userId).toBe(claims.sub);
  });
});

describe('the preferences routes (issue 18 item 4): the caller’s own channels, for every signed-in role', () => {
  it.each(['enterprise', 'provider', 'provider_staff', 'expert', 'district_officer', 'admin'] as const)(
    'reads the preferences of a signed-in %s, who is the caller',
    async (role) => {
      const { token, claims } = tokenFor({ role, permissions: [] });
      const res = await gw.app.inject({
        method: 'GET',
        url: '/api/v1/notifications/preferences',
        headers: bearer(token),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(defaults);
      const [call] = gw.responder.callsTo(notifications.preferences);
      expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role });
    },
  );

  it('changes the caller’s own preferences, never those of a user named in the body', async () => {
    const { token, claims } = tokenFor({ role: 'enterprise' });
    const res = await gw.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: bearer(token),
      payload: { email: 'finance@example.com', kinds: [{ kind: 'order_step', inbox: false }], userId: uuidv7() },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().email).toBe('finance@example.com');
    const [call] = gw.responder.callsTo(notifications.updatePreferences);
    expect(call?.payload).toEqual({ email: 'finance@example.com', kinds: [{ kind: 'order_step', inbox: false }] });
    expect(call?.ctx.caller?.userId).toBe(claims.sub);
  });

  it('answers 400 VALIDATION_FAILED naming the field when the service refuses to keep an essential kind out of the inbox', async () => {
    const res = await gw.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: bearer(tokenFor({ role: 'enterprise' }).token),
      payload: { kinds: [{ kind: 'review_result', inbox: false }] },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.fields).toEqual([
      { path: 'kinds.0.inbox', message: 'review_result is essential: it always reaches the inbox' },
    ]);
  });
});
