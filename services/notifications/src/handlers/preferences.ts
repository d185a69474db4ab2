import { notifications, roles } from '@voucher/contracts';
import { requireRole, type Bus, type HandlerContext } from '@voucher/bus';
import { preferencesView, updatePreferences } from '../store/preferences.ts';
import type { NotificationsDeps } from './deps.ts';

/** Whose preferences a command reads or changes: the signed-in caller's, whatever their role (no request names a user). */
function owner(ctx: HandlerContext): string {
  return requireRole(ctx, ...roles).userId;
}

/**
 * Issue 18 item 4: the caller's channels per kind of message and the address
 * their email goes to. The domain decides an update (`updated`): an essential
 * kind's inbox stays on, and a refused update changes nothing.
 */
export function registerPreferenceHandlers(bus: Bus, { db }: NotificationsDeps): void {
  bus.handle(notifications.preferences, async (_req, ctx) => preferencesView(db, owner(ctx)));
  bus.handle(notifications.updatePreferences, async (update, ctx) => updatePreferences(db, owner(ctx), update));
}
