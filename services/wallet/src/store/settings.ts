import { sql, type Kysely } from 'kysely';
import { walletSettingsSchema, type WalletSettings } from '@voucher/contracts';

/** A local demo's programme (§0b): Nanjing, the 10% cap of seed 004, no issuance announced yet, no ratio. */
export const defaultWalletSettings: WalletSettings = {
  city: '南京市',
  providerCapPercent: 10,
  cityIssuanceTotals: {},
  deductionRatioPercent: null,
};

/**
 * Every payment reads the settings: they are kept for a second, so a change
 * reaches other replicas within that second (this one at once, see forgetSettings).
 */
const CACHE_MS = 1000;
let cached: { at: number; value: Promise<WalletSettings> } | undefined;

export function readSettings(db: Kysely<any>): Promise<WalletSettings> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = sql<{ value: unknown }>`SELECT value FROM settings WHERE key = 'programme'`
    .execute(db)
    .then((r) => (r.rows[0] ? walletSettingsSchema.parse(r.rows[0].value) : defaultWalletSettings));
  cached = { at: Date.now(), value };
  value.catch(() => (cached = undefined));
  return value;
}

/** After a change commits: this replica reads it at once. */
export function forgetSettings(): void {
  cached = undefined;
}

export async function writeSettings(db: Kysely<any>, value: WalletSettings, by: string): Promise<void> {
  await sql`INSERT INTO settings (key, value, updated_by) VALUES ('programme', ${JSON.stringify(value)}::jsonb, ${by})
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(
    db,
  );
}
