import type { Bus } from '@voucher/bus';
import { createLogger, loadConfig, type Redis } from '@voucher/kit';
import type { BlobStorage } from '@voucher/storage';
import { buildApp } from './app.ts';
import { gatewayConfig, type GatewayContext } from './config.ts';

/** Something that is never called while routes are only declared: every property is a no-op. */
const inert = <T>() => new Proxy({}, { get: () => () => undefined }) as T;

/**
 * The gateway's OpenAPI document, built from the route tables without any
 * server running: the portal's API client is generated from it (issue 10),
 * so no response shape is written twice. Development routes (`/dev/…`) are
 * left out: no client depends on them.
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig(gatewayConfig, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const ctx = {
    name: 'gateway',
    config: { ...config, NODE_ENV: 'production' },
    logger: createLogger('openapi', 'silent'),
    bus: inert<Bus>(),
    redis: inert<Redis>(),
    db: inert(),
    pool: inert(),
    relay: inert(),
  } as unknown as GatewayContext;
  const app = await buildApp(ctx, inert<BlobStorage>());
  await app.ready();
  const document = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return document;
}
