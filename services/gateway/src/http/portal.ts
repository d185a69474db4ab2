import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths the gateway answers itself; anything else a browser asks for is the portal's. */
const API_PATHS = /^\/(api|docs|healthz|readyz)(\/|$|\?)/;

/**
 * The web portal (issue 10), built by `npm run build -w @voucher/portal`, at
 * `/` on the same origin as `/api/v1`. A page address the browser opens
 * directly (`/wallet`) gets the app's index.html, which routes it. Without a
 * build (a gateway image of the API only) nothing is served and the API works
 * as before.
 */
export async function registerPortal(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: 'index.html' });
  return true;
}

/** A GET for a page (HTML wanted, not an API path): the portal's index.html answers it. */
export function isPortalPage(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' && !API_PATHS.test(request.url) && (request.headers.accept ?? '').includes('text/html')
  );
}

export function sendPortal(reply: FastifyReply): FastifyReply {
  return reply.type('text/html').sendFile('index.html');
}
