import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths the gateway answers itself; anything else a browser asks for is the portal's. */
const API_PATHS = /^\/(api|docs|healthz|readyz)(\/|$|\?)/;

/** Vite names every file under assets/ by its content's hash: a changed file is a new address. */
const HASHED_DIR = `assets${sep}`;
const FOREVER = 'public, max-age=31536000, immutable';
/** index.html (and any unhashed file) names the current build's assets: asked again, answered 304 when unchanged. */
const REVALIDATE = 'no-cache';
/**
 * The catalogue's first products, which `/` shows first (the portal's `main.tsx` asks for them, with this URL and
 * mode, before React draws): named in the answer to `/` alone, so the browser asks for them while the page's code
 * arrives, not once it has run (issue 20 item 6). Other pages' addresses get index.html without it.
 */
export const CATALOGUE_PRELOAD =
  '</api/v1/catalog/products?page=1&pageSize=12>; rel=preload; as=fetch; crossorigin=anonymous';
const isCatalogue = (url: string | undefined) => url === '/' || url?.startsWith('/?') === true;

/**
 * The web portal (issue 10), built by `npm run build -w @voucher/portal`, at
 * `/` on the same origin as `/api/v1`. A page address the browser opens
 * directly (`/wallet`) gets the app's index.html, which routes it. Without a
 * build (a gateway image of the API only) nothing is served and the API works
 * as before.
 *
 * The build writes a `.br` and a `.gz` beside each text file; a browser that
 * accepts one gets it with its Content-Encoding, so nothing is compressed per
 * request.
 */
export async function registerPortal(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    preCompressed: true,
    // @fastify/send's own Cache-Control (max-age=0) would replace the one set here
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', relative(dir, path).startsWith(HASHED_DIR) ? FOREVER : REVALIDATE);
      // `res` is Node's ServerResponse, whose request its type here does not name
      if (isCatalogue((res as unknown as { req?: { url?: string } }).req?.url))
        res.setHeader('link', CATALOGUE_PRELOAD);
      // the same address answers br, gzip or plain bytes: a shared cache must keep them apart
      res.setHeader('vary', 'accept-encoding');
    },
  });
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
