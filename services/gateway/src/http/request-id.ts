import type { IncomingMessage } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

export const REQUEST_ID_HEADER = 'x-request-id';

// A client's id is kept so its logs and ours line up, but only when it is a
// plain token: it ends up in log lines and NATS headers, where free text could
// forge entries or break the header encoding.
const SANE_REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Fastify's `genReqId`: the client's `x-request-id` when sane, else a fresh UUIDv7 (time-ordered, A4). */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : uuidv7();
}
