import type { FastifyInstance } from 'fastify';
import type { ProcessMetrics } from '@voucher/metrics';

/**
 * Per HTTP route (issue 19): requests, statuses and latency. The route is
 * its template (`/orders/:orderId`), never the path a client sent, and a
 * path no route matches counts as `unmatched`, so a scan of random URLs adds
 * no series.
 */
export function measureRoutes(app: FastifyInstance, metrics: ProcessMetrics): void {
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP requests answered by the gateway, by method, route template and status',
    ['method', 'route', 'status'],
  );
  app.addHook('onResponse', function measureRoute(request, reply, done) {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
