import { AppError, wallet } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import type { Kysely } from 'kysely';
import { forgetSettings, readSettings, writeSettings } from '../store/settings.ts';

/** DOMAIN §0b: the wallet's programme settings, read and changed by an administrator, audited. */
export function registerSettingsHandlers(bus: Bus, db: Kysely<any>): void {
  bus.handle(wallet.getSettings, async (_req, ctx) => {
    if (ctx.caller?.role !== 'admin') throw new AppError('FORBIDDEN', 'only an administrator');
    return readSettings(db);
  });
  bus.handle(wallet.putSettings, async (settings, ctx) => {
    const caller = ctx.caller;
    if (caller?.role !== 'admin') throw new AppError('FORBIDDEN', 'only an administrator');
    await db.transaction().execute(async (trx) => {
      const before = await readSettings(trx);
      await writeSettings(trx, settings, caller.userId);
      await recordAudit(trx, {
        entity: 'settings',
        entityId: 'wallet',
        action: 'updated',
        actor: caller,
        fromState: JSON.stringify(before),
        toState: JSON.stringify(settings),
      });
    });
    forgetSettings();
    return settings;
  });
}
