import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { ServiceDefinition } from '@voucher/runtime';
import { buildApp } from './app.ts';
import { gatewayConfig } from './config.ts';
import { createStorage } from '@voucher/storage';
import { handleCleanUnattached } from './files/cleanup.ts';
import { handleDescribeFiles } from './files/describe.ts';
import { fileStore } from './store/files.ts';
import type { GatewayDb } from './store/schema.ts';

export interface ListeningGateway {
  app: FastifyInstance;
  port: number;
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
}

// Keyed by the service's bus, the one object startService hands both to
// `register` and back to its caller: a test started the service and holds
// the running one, and finds the app and the port the OS picked through it.
const listening = new WeakMap<Bus, ListeningGateway>();

/** The app and bound address of a gateway started by `startService(gatewayService, ...)`. */
export function runningGateway(service: { bus: Bus }): ListeningGateway {
  const found = listening.get(service.bus);
  if (!found) throw new Error('this service is not a listening gateway');
  return found;
}

/** The HTTP entry (DOMAIN §10), started like every service (issue 2 §3). */
export const gatewayService: ServiceDefinition<typeof gatewayConfig> = {
  name: 'gateway',
  config: gatewayConfig,
  tracesStartHere: true,
  async register(ctx) {
    // A8b: the gateway owns upload metadata, so it answers the services' questions about attachments
    const files = fileStore(ctx.db as Kysely<GatewayDb>);
    const storage = createStorage(ctx.config, { bus: ctx.bus });
    handleDescribeFiles(ctx.bus, files);
    handleCleanUnattached(ctx.bus, {
      bus: ctx.bus,
      files,
      storage,
      logger: ctx.logger,
      unattachedMs: ctx.config.UPLOAD_UNATTACHED_HOURS * 3_600_000,
      graceMs: ctx.config.UPLOAD_CLEANUP_GRACE_MINUTES * 60_000,
    });
    const app = await buildApp(ctx, storage);
    await app.listen({ host: ctx.config.GATEWAY_HOST, port: ctx.config.GATEWAY_PORT });
    const { port } = app.server.address() as AddressInfo;
    const host = ctx.config.GATEWAY_HOST.includes(':') ? `[${ctx.config.GATEWAY_HOST}]` : ctx.config.GATEWAY_HOST;
    listening.set(ctx.bus, { app, port, url: `http://${host}:${port}` });
    ctx.logger.info({ host: ctx.config.GATEWAY_HOST, port }, 'listening');
    return {
      // first step of shutdown: stop taking requests and let in-flight ones answer
      stop: async () => {
        listening.delete(ctx.bus);
        const drained = setTimeout(() => app.server.closeAllConnections(), ctx.config.GATEWAY_DRAIN_MS);
        await app.close();
        clearTimeout(drained);
      },
    };
  },
};
