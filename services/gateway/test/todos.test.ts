import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { notifications } from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;

const slas = [
  { chain: 'voucher_qualification' as const, state: 'submitted', hours: 48, escalateTo: 'approver' as const },
];

beforeAll(async () => {
  gw = await startGateway({}, 'gwtodos');
  gw.responder.answer(notifications.todos, async (q) => ({ items: [], page: q.page, pageSize: q.pageSize, total: 0 }));
  gw.responder.answer(notifications.todoCounts, async () => ({ total: 0, overdue: 0, byKind: [] }));
  gw.responder.answer(notifications.todoSlas, async () => ({ items: slas }));
  gw.responder.answer(notifications.putTodoSlas, async ({ items }) => ({ items }));
  await gw.responder.ready();
});
afterAll(() => gw?.close());
beforeEach(() => gw.responder.reset());

describe('the to-do routes (issue 18 item 3): the caller’s own to-dos and queues, for every signed-in role', () => {
  it.each(['enterprise', 'provider', 'provider_staff', 'district_officer', 'operator', 'approver', 'admin'] as const)(
    'asks the notifications service for a signed-in %s, who is the caller and never a user named in the query',
    async (role) => {
      const { token, claims } = tokenFor({ role, permissions: [] });
      const res = await gw.app.inject({
        method: 'GET',
        url: `/api/v1/todos?page=2&pageSize=5&kind=review_queue&userId=${uuidv7()}`,
        headers: bearer(token),
      });
      expect(res.statusCode, res.body).toBe(200);
      const [call] = gw.responder.callsTo(notifications.todos);
      expect(call?.payload).toEqual({ page: 2, pageSize: 5, kind: 'review_queue' });
      expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role });
    },
  );

  it('answers the counts of the caller’s to-dos', async () => {
    const { token, claims } = tokenFor({ role: 'provider' });
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/todos/counts', headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ total: 0, overdue: 0, byKind: [] });
    const [call] = gw.responder.callsTo(notifications.todoCounts);
    expect(call?.payload).toEqual({});
    expect(call?.ctx.caller?.userId).toBe(claims.sub);
  });

  it('answers 401 without a token, and never asks the service', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/todos'],
      ['GET', '/api/v1/todos/counts'],
      ['GET', '/api/v1/todos/slas'],
      ['PUT', '/api/v1/todos/slas'],
    ] as const) {
      expect((await gw.app.inject({ method, url })).statusCode, url).toBe(401);
    }
    expect(gw.responder.calls).toHaveLength(0);
  });

  it.each([
    ['/api/v1/todos?page=0', 'page'],
    ['/api/v1/todos?pageSize=1000', 'pageSize'],
    ['/api/v1/todos?kind=everything', 'kind'],
  ])('refuses GET %s with 400 VALIDATION_FAILED naming the field', async (url, field) => {
    const res = await gw.app.inject({ method: 'GET', url, headers: bearer(tokenFor({ role: 'enterprise' }).token) });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(gw.responder.calls).toHaveLength(0);
  });
});

describe('the SLA of each review state: a programme setting, for an administrator only', () => {
  it('reads and changes the SLAs as the administrator', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const read = await gw.app.inject({ method: 'GET', url: '/api/v1/todos/slas', headers: bearer(token) });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ items: slas });
    const put = await gw.app.inject({
      method: 'PUT',
      url: '/api/v1/todos/slas',
      headers: bearer(token),
      payload: { items: slas },
    });
    expect(put.statusCode, put.body).toBe(200);
    const [call] = gw.responder.callsTo(notifications.putTodoSlas);
    expect(call?.payload).toEqual({ items: slas });
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it.each(['approver', 'district_officer', 'operator', 'enterprise', 'provider'] as const)(
    'refuses a %s with 403, and never asks the service',
    async (role) => {
      const { token } = tokenFor({ role });
      for (const method of ['GET', 'PUT'] as const) {
        const res = await gw.app.inject({
          method,
          url: '/api/v1/todos/slas',
          headers: bearer(token),
          ...(method === 'PUT' ? { payload: { items: slas } } : {}),
        });
        expect(res.statusCode, `${method} ${res.body}`).toBe(403);
      }
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it.each([
    [{ items: [] }, 'items'],
    [{ items: [{ ...slas[0], hours: 0 }] }, 'items.0.hours'],
    [{ items: [{ ...slas[0], chain: 'orders' }] }, 'items.0.chain'],
    [{ items: [{ ...slas[0], escalateTo: 'enterprise' }] }, 'items.0.escalateTo'],
  ])('refuses PUT %j with 400 VALIDATION_FAILED naming the field', async (payload, field) => {
    const res = await gw.app.inject({
      method: 'PUT',
      url: '/api/v1/todos/slas',
      headers: bearer(tokenFor({ role: 'admin' }).token),
      payload,
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(gw.responder.calls).toHaveLength(0);
  });
});
