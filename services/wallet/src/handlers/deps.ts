import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { WalletMetrics } from '../metrics.ts';
import type { LedgerCheckStore } from '../store/ledger-check.ts';
import type { PinAttempts } from '../store/pin-attempts.ts';
import type { DB as WalletDb } from '../store/db.ts';

/** Everything the wallet's handlers are given, built once in service.ts. */
export interface WalletDeps {
  bus: Bus;
  db: Kysely<WalletDb>;
  /** WAL-2: failed PIN attempts and locks, in Redis */
  attempts: PinAttempts;
  /** WAL-2: the server-side key of PIN hashes */
  pinKey: string;
  metrics: WalletMetrics;
  /** the integrity check's last outcome, for the metrics */
  ledgerChecks: LedgerCheckStore;
  /** WAL-6: drawn vouchers untouched this many days after publication are reclaimed; 0 never */
  reclaimDays: number;
  timeZone: string;
}
