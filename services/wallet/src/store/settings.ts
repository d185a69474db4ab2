import type { Kysely } from 'kysely';
import { walletSettingsSchema, type WalletSettings } from '@voucher/contracts';
import { programmeSettings } from '@voucher/db';
import type { DB as WalletDb } from './db.ts';

/** A local demo's programme (§0b): Nanjing, the 10% cap of seed 004, no issuance announced yet, no ratio. */
const defaultWalletSettings: WalletSettings = {
  city: '南京市',
  providerCapPercent: 10,
  cityIssuanceTotals: {},
  deductionRatioPercent: null,
};

/** Every payment reads them, so they are kept for a second (a change applies here at once). */
export const settings = programmeSettings('wallet', walletSettingsSchema, defaultWalletSettings, { cacheMs: 1000 });

export function readSettings(db: Kysely<WalletDb>): Promise<WalletSettings> {
  return settings.read(db);
}
