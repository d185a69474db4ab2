import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { callerSchema, type Caller } from '@voucher/contracts';

/** What travels with a request besides its payload (ARCHITECTURE A4). */
export interface RequestContext {
  requestId: string;
  caller?: Caller;
}

const H = {
  requestId: 'x-request-id',
  userId: 'x-user-id',
  role: 'x-role',
  username: 'x-username',
  sessionId: 'x-session-id',
  tokenId: 'x-token-id',
  district: 'x-district',
  providerId: 'x-provider-id',
  permissions: 'x-permissions',
} as const;

export function contextToHeaders(ctx: RequestContext): MsgHdrs {
  const h = natsHeaders();
  h.set(H.requestId, ctx.requestId);
  const c = ctx.caller;
  if (c) {
    h.set(H.userId, c.userId);
    h.set(H.role, c.role);
    if (c.username) h.set(H.username, encodeURIComponent(c.username));
    if (c.sessionId) h.set(H.sessionId, c.sessionId);
    if (c.tokenId) h.set(H.tokenId, c.tokenId);
    if (c.district) h.set(H.district, encodeURIComponent(c.district));
    if (c.providerId) h.set(H.providerId, c.providerId);
    if (c.permissions) h.set(H.permissions, c.permissions.join(','));
  }
  return h;
}

export function headersToContext(h: MsgHdrs | undefined): RequestContext {
  const requestId = h?.get(H.requestId) || 'none';
  const userId = h?.get(H.userId);
  if (!h || !userId) return { requestId };
  const optional = (key: string, decode = false) => {
    const v = h.get(key);
    if (!v) return undefined;
    return decode ? decodeURIComponent(v) : v;
  };
  const permissions = optional(H.permissions);
  const parsed = callerSchema.safeParse({
    userId,
    role: h.get(H.role),
    username: optional(H.username, true),
    sessionId: optional(H.sessionId),
    tokenId: optional(H.tokenId),
    district: optional(H.district, true),
    providerId: optional(H.providerId),
    permissions: permissions === undefined ? undefined : permissions.split(',').filter(Boolean),
  });
  return parsed.success ? { requestId, caller: parsed.data } : { requestId };
}
