import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The pages' policy (the portal, the docs UI): their own scripts only, never
 * inline ones; styles may be inline (Ant Design and Swagger UI write theirs at
 * run time, and index.html has one rule); images from here, data: (icons) and
 * blob: (a fetched attachment shown); no plugins; no framing by anyone.
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API's policy: a JSON answer (or an uploaded file opened directly) loads and runs nothing. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** A year, and the subdomains: a browser that once came over TLS never falls back to plain HTTP. */
export const HSTS = 'max-age=31536000; includeSubDomains';

const API_PATHS = /^\/(api\/|healthz|readyz)/;

/**
 * The security headers of an answer to `url` (issue 16): CSP with
 * `frame-ancestors 'none'` (the page policy for pages, the API's for the
 * API), `X-Frame-Options` for browsers older than it, `nosniff`, no referrer,
 * and HSTS when the request came over TLS (`tls`: itself, or behind a proxy
 * named in GATEWAY_TRUST_PROXY, with X-Forwarded-Proto https).
 */
export function securityHeaders(url: string, tls: boolean): Record<string, string> {
  return {
    'content-security-policy': API_PATHS.test(url) ? API_POLICY : PAGE_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(tls && { 'strict-transport-security': HSTS }),
  };
}

/** Sets them on a reply: every answer through Fastify's hooks, and the router's refusals that skip them. */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(securityHeaders(request.url, request.protocol === 'https'));
}

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => setSecurityHeaders(request, reply));
}
