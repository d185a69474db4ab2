import { notifications, roles } from '@voucher/contracts';
import { requireRole, type Bus, type HandlerContext } from '@voucher/bus';
import { inboxPage, markRead, toMessageView, unreadCount } from '../store/messages.ts';
import type { NotificationsDeps } from './deps.ts';

/**
 * Whose inbox a command reads: the signed-in caller's, whatever their role.
 * No request names a user, so nobody can read or mark another's messages
 * (DOMAIN §1: one's own records only).
 */
function inboxOwner(ctx: HandlerContext): string {
  return requireRole(ctx, ...roles).userId;
}

export function registerInboxHandlers(bus: Bus, { db }: NotificationsDeps): void {
  bus.handle(notifications.inbox, async (query, ctx) => {
    const { rows, total } = await inboxPage(db, inboxOwner(ctx), query);
    return { items: rows.map(toMessageView), page: query.page, pageSize: query.pageSize, total };
  });

  bus.handle(notifications.unreadCount, async (_req, ctx) => ({ unread: await unreadCount(db, inboxOwner(ctx)) }));

  // another user's ids are not refused one by one: they mark nothing, as ids that name no message
  bus.handle(notifications.markRead, async ({ ids }, ctx) => {
    const owner = inboxOwner(ctx);
    const marked = await markRead(db, owner, ids);
    return { marked, unread: await unreadCount(db, owner) };
  });

  bus.handle(notifications.markAllRead, async (_req, ctx) => {
    const owner = inboxOwner(ctx);
    const marked = await markRead(db, owner);
    return { marked, unread: await unreadCount(db, owner) };
  });
}
