import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './harness.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({ METRICS_PORT: '0' }, 'gwmetrics');
});
afterAll(async () => {
  await gw?.close();
});

async function scrape(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${gw.service.metricsPort}/metrics`)).text();
}

/** The request count of one route and status, from the histogram's `_count` series. */
function requests(text: string, route: string, status: number): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('http_request_duration_seconds_count{') &&
        l.includes(`route="${route}"`) &&
        l.includes(`status="${status}"`),
    );
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('HTTP route metrics (issue 19)', () => {
  it('counts requests by route template and status, never by the path a client sent', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${gw.url}/healthz`);
    await fetch(`${gw.url}/api/v1/orders/0190a1b2-0000-7000-8000-000000000001`);
    for (let i = 0; i < 5; i++) await fetch(`${gw.url}/no-such-route-${i}`);
    const text = await scrape();
    expect(requests(text, '/healthz', 200)).toBe(3);
    // signed-out: refused, and counted under the route's template
    expect(requests(text, '/api/v1/orders/:id', 401)).toBe(1);
    expect(text).not.toContain('0190a1b2-0000-7000-8000-000000000001');
    // five random paths are one series
    expect(requests(text, 'unmatched', 404)).toBe(5);
    expect(text).not.toContain('no-such-route');
  });
});
