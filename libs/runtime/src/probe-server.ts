import { createServer, type Server } from 'node:http';
import type { HealthReply } from '@voucher/contracts';
import { listenBeside, type Logger, type SideServer } from '@voucher/kit';

/**
 * The orchestrator's view of a service that speaks no HTTP (A8): `GET
 * /healthz` answers while the process and its event loop live (liveness),
 * `GET /readyz` 200 while its PostgreSQL, Redis, NATS and own checks answer,
 * 503 otherwise (readiness). Only the status is said: which dependency failed
 * is for the administrators, through the gateway's /readyz.
 */
export async function startProbeServer({
  host,
  port,
  health,
  logger,
}: {
  host: string;
  port: number;
  health: () => Promise<HealthReply>;
  logger: Logger;
}): Promise<SideServer> {
  const server: Server = createServer((req, res) => {
    const answer = (code: number, status: string) => {
      res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status }));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'method_not_allowed');
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz') return answer(200, 'ok');
    if (path !== '/readyz') return answer(404, 'not_found');
    health().then(
      (reply) => answer(reply.status === 'ok' ? 200 : 503, reply.status === 'ok' ? 'ready' : 'not_ready'),
      () => answer(503, 'not_ready'),
    );
  });
  // a probe is one short request: nothing slow may hold a socket
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  return listenBeside(server, { host, port, what: 'probes', logger });
}
