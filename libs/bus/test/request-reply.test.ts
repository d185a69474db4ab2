import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@voucher/contracts';
import { echo, echoOf, harness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('rr');
});
afterAll(() => h.close());

describe('request-reply', () => {
  it('carries the request id, the sender and the caller the gateway asserted to the handler', async () => {
    h.bus.handle(echo, async (req, ctx) => ({
      text: req.text,
      requestId: ctx.requestId,
      userId: ctx.caller?.userId,
      by: 'a',
      sender: ctx.sender,
    }));
    await h.bus.nc.flush();
    const reply = await h.gateway.request(
      echo,
      { text: 'hi' },
      { requestId: 'req-1', caller: { userId: 'u1', role: 'enterprise', district: '玄武区' } },
    );
    expect(reply).toEqual({ text: 'hi', requestId: 'req-1', userId: 'u1', by: 'a', sender: 'gateway' });
  });

  it('answers an invalid request with VALIDATION_FAILED, naming the field', async () => {
    const err = await h.gateway.request(echo, { text: 'far too long text' }, { requestId: 'r' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.fields[0].path).toBe('text');
  });

  it('returns a refusal as the same typed AppError', async () => {
    const bus = await h.connectBus('refuser');
    const refused = echoOf('refuser');
    bus.handle(refused, async () => {
      throw new AppError('INVALID_STATE', 'not now', { state: 'closed' });
    });
    await bus.nc.flush();
    const err = await h.gateway.request(refused, { text: 'x' }, { requestId: 'r' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('INVALID_STATE');
    expect(err.details).toEqual({ state: 'closed' });
  });

  it('hides unexpected failures behind INTERNAL', async () => {
    const bus = await h.connectBus('crasher');
    const crashing = echoOf('crasher');
    bus.handle(crashing, async () => {
      throw new Error('database password is hunter2');
    });
    await bus.nc.flush();
    const err = await h.gateway.request(crashing, { text: 'x' }, { requestId: 'r' }).catch((e) => e);
    expect(err.code).toBe('INTERNAL');
    expect(err.message).not.toContain('hunter2');
  });

  it('reports a service nobody answers for as UNAVAILABLE', async () => {
    const nobody = echoOf('nobody');
    const err = await h.gateway.request(nobody, { text: 'x' }, { requestId: 'r' }).catch((e) => e);
    expect(err.code).toBe('UNAVAILABLE');
  });

  it('reports a handler that does not answer in time as TIMEOUT', async () => {
    const bus = await h.connectBus('sleepy');
    const slow = echoOf('sleepy');
    bus.handle(slow, () => new Promise((r) => setTimeout(() => r({ text: '', requestId: '', by: 's' }), 1000)));
    await bus.nc.flush();
    const err = await h.gateway.request(slow, { text: 'x' }, { requestId: 'r' }, { timeoutMs: 200 }).catch((e) => e);
    expect(err.code).toBe('TIMEOUT');
  });

  it('shares commands between replicas of one service (queue group)', async () => {
    const shared = echoOf('replicated');
    const r1 = await h.connectBus('replicated');
    const r2 = await h.connectBus('replicated');
    r1.handle(shared, async (req, ctx) => ({ text: req.text, requestId: ctx.requestId, by: 'r1' }));
    r2.handle(shared, async (req, ctx) => ({ text: req.text, requestId: ctx.requestId, by: 'r2' }));
    await r1.nc.flush();
    await r2.nc.flush();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => h.gateway.request(shared, { text: String(i) }, { requestId: `q${i}` })),
    );
    const by = new Set(replies.map((r) => r.by));
    expect(replies).toHaveLength(40);
    expect(by).toEqual(new Set(['r1', 'r2']));
  });
});
