import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AccessTokenVerifier, lazyChild, type Logger } from '@voucher/kit';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { createStorage, type BlobStorage } from '@voucher/storage';
import type { GatewayContext } from './config.ts';
import { Authenticator } from './http/auth.ts';
import { handleClientError, handleError, handleNotFound } from './http/errors.ts';
import { acceptCsvBodies } from './http/csv-body.ts';
import { acceptEmptyJsonBodies } from './http/json-body.ts';
import { registerOpenApi } from './http/openapi.ts';
import { isPortalPage, registerPortal, sendPortal } from './http/portal.ts';
import { FixedWindowLimiter, limitsOf } from './http/rate-limit.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './http/request-id.ts';
import { addSecurityHeaders, setSecurityHeaders } from './http/security-headers.ts';
import { registerRoutes, type RouteDeps } from './http/route-table.ts';
import { measureRoutes } from './http/route-metrics.ts';
import { traceRequests } from './http/request-tracing.ts';
import { recordFailedRequests } from './http/failed-requests.ts';
import { fileRoutes } from './routes/files.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { identityDevRoutes, identityRoutes } from './routes/identity.ts';
import { directoryImportRoutes, qualificationRoutes } from './routes/qualification.ts';
import { lotteryPublicationRoutes, lotteryRoutes } from './routes/lottery.ts';
import { schedulerRoutes } from './routes/scheduler.ts';
import { walletRoutes } from './routes/wallet.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { orderRoutes } from './routes/orders.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { deadLetterRoutes } from './routes/dead-letters.ts';
import { operationsRoutes } from './routes/operations.ts';
import { todoRoutes } from './routes/todos.ts';
import { announcementRoutes, settlementFormRoutes, settlementRoutes } from './routes/settlement.ts';
import { statisticsRoutes } from './routes/statistics.ts';
import { verifyRoute } from './routes/verify.ts';
import { fileStore } from './store/files.ts';
import { operationsStore } from './store/operations.ts';
import type { GatewayDb } from './store/schema.ts';
import { PublicationVerifier } from './verify/verifier.ts';

const API_PREFIX = '/api/v1';

/**
 * The verify worker's heap: the largest real publication (49 MiB) verifies in
 * 320 MiB (it fails in 192), the process peaking 350 MB above its idle size.
 */
const VERIFY_HEAP_MB = 384;
/** Verify documents taken at once: one in the worker, one arriving or waiting (2 cores: the event loop keeps one). */
const VERIFY_ADMITTED = 2;
/** The verify worker is kept a minute after the last document: a burst boots it once. */
const VERIFY_IDLE_MS = 60_000;

/**
 * The gateway's HTTP app, every route registered but not listening, so tests
 * can `inject` into it and the service can `listen` on it. Uploads go to
 * `storage` (by default the driver the configuration names).
 */
export async function buildApp(
  ctx: GatewayContext,
  storage: BlobStorage = createStorage(ctx.config, { bus: ctx.bus }),
): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = ctx.logger;
  const app = Fastify({
    // the service's own pino logger: one format, one redaction list (A1, A7);
    // Fastify's per-request child carries the request id under the same name the bus uses
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestIdOf,
    // Fastify's per-request child, made only when the request logs something (A10)
    childLoggerFactory: (parent, bindings, options) =>
      Object.keys(options).length > 0 ? parent.child(bindings, options) : lazyChild(parent as Logger, bindings),
    // only named proxies: trusting any would let a client pick its own IP and dodge the per-IP limit
    trustProxy: ctx.config.GATEWAY_TRUST_PROXY || false,
    // the router's refusals (bad URL encoding, an over-long path parameter) and the HTTP
    // parser's go through the platform's error handling too, not Fastify's own shape
    frameworkErrors: (err, request, reply) => {
      // these answers skip the hooks, the security headers' among them
      setSecurityHeaders(request, reply);
      return handleError(err, request, reply);
    },
    clientErrorHandler: handleClientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  // Replies are checked once, where they cross the bus (Bus.request parses each
  // with its command's schema); the response schemas document them in /docs.
  // Checking them again here cost a zod parse per request (A10: grab, intake).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(handleError);
  addSecurityHeaders(app);
  const portal = await registerPortal(app, ctx.config.PORTAL_DIR);
  app.setNotFoundHandler((request, reply) =>
    portal && isPortalPage(request) ? sendPortal(reply) : handleNotFound(request, reply),
  );
  acceptEmptyJsonBodies(app);

  const limits = limitsOf(ctx.config);
  const limiter = new FixedWindowLimiter(ctx.redis, ctx.logger);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    // every route, unknown ones included: scanning costs a client its budget too
    if (request.routeOptions.config.probe) return;
    // a signed-in route counts the IP in its sign-in call (one Redis round trip, A10)
    if (request.routeOptions.config.signedIn) return;
    await limiter.hit(limits.ip, request.ip);
  });
  if (ctx.config.METRICS_PORT !== undefined) measureRoutes(app, ctx.metrics);
  traceRequests(app, ctx.tracer);
  const operations = operationsStore(ctx.redis);
  recordFailedRequests(app, operations);
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'answered',
    );
  });

  // the worker of POST /lottery/verify boots with its first document, not with the gateway
  const verifier = new PublicationVerifier({
    timeLimitMs: ctx.config.GATEWAY_VERIFY_TIME_LIMIT_MS,
    heapMb: VERIFY_HEAP_MB,
    admitted: VERIFY_ADMITTED,
    idleMs: VERIFY_IDLE_MS,
    logger: ctx.logger,
  });
  app.addHook('onClose', async () => verifier.close());

  const deps: RouteDeps = {
    bus: ctx.bus,
    authenticator: new Authenticator(
      ctx.redis,
      new AccessTokenVerifier(ctx.config.ACCESS_TOKEN_PUBLIC_KEY),
      limits,
      (ip) => limiter.hit(limits.ip, ip),
      ctx.logger,
    ),
    limiter,
    limits,
  };
  await registerOpenApi(app);
  registerHealthRoutes(app, ctx, deps);
  await app.register(
    async (api) => {
      registerRoutes(api, identityRoutes, deps);
      if (ctx.config.NODE_ENV !== 'production') registerRoutes(api, identityDevRoutes, deps);
      registerRoutes(api, qualificationRoutes, deps);
      // the one route that reads text/csv (20 MiB): nowhere else is such a body read
      await api.register(async (csvScope) => {
        acceptCsvBodies(csvScope);
        registerRoutes(csvScope, directoryImportRoutes, deps);
      });
      registerRoutes(api, lotteryRoutes, deps);
      registerRoutes(api, schedulerRoutes, deps);
      registerRoutes(api, walletRoutes, deps);
      registerRoutes(api, catalogRoutes, deps);
      registerRoutes(api, orderRoutes, deps);
      registerRoutes(api, settlementRoutes, deps);
      registerRoutes(api, announcementRoutes, deps);
      registerRoutes(api, notificationRoutes, deps);
      registerRoutes(api, todoRoutes, deps);
      await api.register(lotteryPublicationRoutes({ ...deps, storage }));
      await api.register(verifyRoute(verifier));
      await api.register(deadLetterRoutes(deps));
      await api.register(operationsRoutes({ ...deps, operations, traceUrlTemplate: ctx.config.TRACE_URL_TEMPLATE }));
      await api.register(settlementFormRoutes({ ...deps, storage }));
      await api.register(statisticsRoutes({ ...deps, storage }));
      await api.register(
        fileRoutes({
          ...deps,
          storage,
          files: fileStore(ctx.db as Kysely<GatewayDb>),
          quota: { files: ctx.config.UPLOAD_QUOTA_FILES, bytes: ctx.config.UPLOAD_QUOTA_BYTES },
        }),
      );
    },
    { prefix: API_PREFIX },
  );
  return app;
}
