import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * ID-3/ID-5 in a browser: the refresh token lives in a cookie that scripts
 * cannot read (HttpOnly), that no other site's page can make the browser send
 * (SameSite=Strict), that travels only over TLS when the gateway is reached
 * over TLS (Secure), and only to the routes that use it (Path: the auth
 * routes). The portal never stores the refresh token; API clients may still
 * send it in the body.
 */
const REFRESH_COOKIE = 'voucher_refresh';
const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** The refresh token the browser sent in the cookie, if any. */
export function refreshCookieOf(headers: FastifyRequest['headers']): string | undefined {
  const header = headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  // behind a trusted proxy (GATEWAY_TRUST_PROXY) the protocol is the one X-Forwarded-Proto names
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${REFRESH_COOKIE}=${value}; Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

/** Hands the browser a refresh token (a base64url string: nothing to escape) for as long as it lives. */
export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.header('set-cookie', cookie(request, token, maxAgeSeconds));
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', cookie(request, '', 0));
}
