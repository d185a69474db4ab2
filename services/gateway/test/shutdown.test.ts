import { describe, expect, it } from 'vitest';
import { partialRequest, startGateway } from './harness.ts';

describe('the gateway stopping (a rolling update, Ctrl-C)', () => {
  it('closes, GATEWAY_DRAIN_MS after it began, a connection whose client never finishes its body', async () => {
    const gw = await startGateway({ GATEWAY_DRAIN_MS: '500' }, 'gwdrain');
    // a slow client: it announces a body and sends ten bytes of it
    const stuck = partialRequest(`${gw.url}/api/v1/auth/login`, {
      headers: { 'content-type': 'application/json' },
      length: 1000,
      sent: 10,
    });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await gw.close();
    // before GATEWAY_DRAIN_MS the close waited on that connection until the client gave up
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(stuck.answer).rejects.toThrow();
  });
});
