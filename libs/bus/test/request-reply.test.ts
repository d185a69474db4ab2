import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@voucher/contracts';
import { echo, harness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('rr');
});
afterAll(() => h.close());

describe('request-reply', () => {
  it('carries the request id and caller in headers to the handler', async () => {
    h.bus.handle(echo, async (req, ctx) => ({
      text: req.text,
      requestId: ctx.requestId,
      userId: ctx.caller?.userId,
      by: 'a',
    }));
    const reply = await h.bus.request(
      echo,
      { text: 'hi' },
      { requestId: 'req-1', caller: { userId: 'u1', role: 'enterprise', district: '玄武区' } },
    );
    expect(reply).toEqual({ text: 'hi', requestId: 'req-1', userId: 'u1', by: 'a' });
  });

  it('refuses an invalid request before it leaves, naming the field', async () => {
    const err = await h.bus.request(echo, { text: 'far too long text' }, { requestId: 'r' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.fields[0].path).toBe('text');
  });

  it('answers an invalid payload sent by hand with VALIDATION_FAILED', async () => {
    const msg = await h.bus.nc.request(h.bus.naming.subject(echo.subject), JSON.stringify({ text: 5 }));
    const reply = msg.json<{ ok: boolean; error: { code: string } }>();
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('VALIDATION_FAILED');
  });

  it('returns a refusal as the same typed AppError', async () => {
    const bus = await h.connectBus('refuser');
    const refused = { ...echo, subject: 'svc.refuser.echo', service: 'refuser' };
    bus.handle(refused, async () => {
      throw new AppError('INVALID_STATE', 'not now', { state: 'closed' });
    });
    await bus.nc.flush();
    const err = await h.bus.request(refused, { text: 'x' }, { requestId: 'r' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('INVALID_STATE');
    expect(err.details).toEqual({ state: 'closed' });
  });

  it('hides unexpected failures behind INTERNAL', async () => {
    const bus = await h.connectBus('crasher');
    const crashing = { ...echo, subject: 'svc.crasher.echo', service: 'crasher' };
    bus.handle(crashing, async () => {
      throw new Error('database password is hunter2');
    });
    await bus.nc.flush();
    const err = await h.bus.request(crashing, { text: 'x' }, { requestId: 'r' }).catch((e) => e);
    expect(err.code).toBe('INTERNAL');
    expect(err.message).not.toContain('hunter2');
  });

  it('reports a service nobody answers for as UNAVAILABLE', async () => {
    const nobody = { ...echo, subject: 'svc.nobody.echo', service: 'nobody' };
    const err = await h.bus.request(nobody, { text: 'x' }, { requestId: 'r' }).catch((e) => e);
    expect(err.code).toBe('UNAVAILABLE');
  });

  it('reports a handler that does not answer in time as TIMEOUT', async () => {
    const bus = await h.connectBus('sleepy');
    const slow = { ...echo, subject: 'svc.sleepy.echo', service: 'sleepy' };
    bus.handle(slow, () => new Promise((r) => setTimeout(() => r({ text: '', requestId: '', by: 's' }), 1000)));
    await bus.nc.flush();
    const err = await h.bus.request(slow, { text: 'x' }, { requestId: 'r' }, { timeoutMs: 200 }).catch((e) => e);
    expect(err.code).toBe('TIMEOUT');
  });

  it('shares commands between replicas of one service (queue group)', async () => {
    const shared = { ...echo, subject: 'svc.replicated.echo', service: 'replicated' };
    const r1 = await h.connectBus('replicated');
    const r2 = await h.connectBus('replicated');
    r1.handle(shared, async (req, ctx) => ({ text: req.text, requestId: ctx.requestId, by: 'r1' }));
    r2.handle(shared, async (req, ctx) => ({ text: req.text, requestId: ctx.requestId, by: 'r2' }));
    await r1.nc.flush();
    await r2.nc.flush();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => h.bus.request(shared, { text: String(i) }, { requestId: `q${i}` })),
    );
    const by = new Set(replies.map((r) => r.by));
    expect(replies).toHaveLength(40);
    expect(by).toEqual(new Set(['r1', 'r2']));
  });
});
