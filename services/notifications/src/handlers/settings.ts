import { notifications } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { decideWording, settingsView } from '../domain/programme-wording.ts';
import { settings } from '../store/settings.ts';
import type { NotificationsDeps } from './deps.ts';

/**
 * DOMAIN §0b: the notifications service's programme settings, the
 * programme's wording of the templates (issue 18), read and replaced by an
 * administrator, audited; the domain refuses a key, language or variable no
 * template has, and a refused change changes nothing.
 */
export function registerSettingsHandlers(bus: Bus, { db }: NotificationsDeps): void {
  bus.handle(notifications.getSettings, async (_req, ctx) => {
    requireRole(ctx, 'admin');
    return settingsView(await settings.read(db));
  });
  bus.handle(notifications.putSettings, async (update, ctx) => {
    const admin = requireRole(ctx, 'admin');
    return settingsView(await settings.replace(db, decideWording(update), admin));
  });
}
