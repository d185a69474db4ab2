import { sql, type Kysely } from 'kysely';
import { walletSettingsSchema, type WalletSettings } from '@voucher/contracts';

/** A local demo's programme (§0b): Nanjing, the 10% cap of seed 004, no issuance announced yet, no ratio. */
export const defaultWalletSettings: WalletSettings = {
  city: '南京市',
  providerCapPercent: 10,
  cityIssuanceTotals: {},
  deductionRatioPercent: null,
};

export async function readSettings(db: Kysely<any>): Promise<WalletSettings> {
  const row = (await sql<{ value: unknown }>`SELECT value FROM settings WHERE key = 'programme'`.execute(db)).rows[0];
  return row ? walletSettingsSchema.parse(row.value) : defaultWalletSettings;
}

export async function writeSettings(db: Kysely<any>, value: WalletSettings, by: string): Promise<void> {
  await sql`INSERT INTO settings (key, value, updated_by) VALUES ('programme', ${JSON.stringify(value)}::jsonb, ${by})
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(
    db,
  );
}
