import { AppError, wallet } from '@voucher/contracts';
import type { Bus, HandlerContext } from '@voucher/bus';
import type { Kysely } from 'kysely';
import { settings } from '../store/settings.ts';

function admin(ctx: HandlerContext) {
  if (ctx.caller?.role !== 'admin') throw new AppError('FORBIDDEN', 'only an administrator');
  return ctx.caller;
}

/** DOMAIN §0b: the wallet's programme settings, read and changed by an administrator, audited. */
export function registerSettingsHandlers(bus: Bus, db: Kysely<any>): void {
  bus.handle(wallet.getSettings, async (_req, ctx) => {
    admin(ctx);
    return settings.read(db);
  });
  bus.handle(wallet.putSettings, async (value, ctx) => settings.replace(db, value, admin(ctx)));
}
