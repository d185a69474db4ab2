import { createServer, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { listenBeside, type Logger, type SideServer } from '@voucher/kit';
import type { ProcessMetrics } from './process-metrics.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /metrics` in Prometheus's text format, on the process's own port
 * (`METRICS_PORT`, issue 19), apart from its API and its probes. With a
 * `token`, a scrape must present it (`Authorization: Bearer …`, Prometheus's
 * `authorization.credentials_file`): the series say nothing of anyone, but
 * how busy the money paths are is for the operators (A7).
 */
export async function startMetricsServer({
  host,
  port,
  metrics,
  token,
  logger,
}: {
  host: string;
  port: number;
  metrics: ProcessMetrics;
  token?: string | undefined;
  logger: Logger;
}): Promise<SideServer> {
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  const server: Server = createServer((req, res) => {
    const answer = (code: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return answer(405, 'method not allowed\n');
    if ((req.url ?? '').split('?')[0] !== '/metrics') return answer(404, 'not found\n');
    // digests of equal length, so the comparison takes the same time whatever was sent
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      res.setHeader('www-authenticate', 'Bearer');
      return answer(401, 'unauthorized\n');
    }
    metrics.registry.metrics().then(
      (text) => answer(200, text, metrics.registry.contentType),
      (err: unknown) => {
        logger.error({ err }, 'metrics could not be collected');
        answer(500, 'metrics could not be collected\n');
      },
    );
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  return listenBeside(server, { host, port, what: 'metrics', logger });
}
