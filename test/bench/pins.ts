// Payment PINs for a benchmark's made-up payers, written as the wallet keeps them (WAL-2).
import type pg from 'pg';
import { hashPin, newSalt } from '../../services/wallet/src/domain/pin.ts';
import { DEV_PIN_KEY } from '../../services/wallet/src/service.ts';

/**
 * A first PIN needs its owner's login password, checked by identity (WAL-2), and these payers have no
 * account: the benchmarks measure paying with a PIN, so the PINs are written directly, under the wallet's
 * development key (the one a benchmark's wallet runs with).
 */
export async function seedPins(db: pg.Pool, enterpriseIds: string[], pin: string): Promise<void> {
  const salts = enterpriseIds.map(() => newSalt());
  await db.query(
    `INSERT INTO wallet.pins (enterprise_id, salt, hash) SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::bytea[])`,
    [enterpriseIds, salts, salts.map((salt) => hashPin(pin, salt, DEV_PIN_KEY))],
  );
}
