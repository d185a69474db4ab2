import { wallet } from '@voucher/contracts';
import { requireRole, type HandlerContext } from '@voucher/bus';
import { settings } from '../store/settings.ts';
import type { WalletDeps } from './deps.ts';

const admin = (ctx: HandlerContext) => requireRole(ctx, 'admin');

/** DOMAIN §0b: the wallet's programme settings, read and changed by an administrator, audited. */
export function registerSettingsHandlers({ bus, db }: WalletDeps): void {
  bus.handle(wallet.getSettings, async (_req, ctx) => {
    admin(ctx);
    return settings.read(db);
  });
  bus.handle(wallet.putSettings, async (value, ctx) => settings.replace(db, value, admin(ctx)));
}
