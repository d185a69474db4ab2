import { sql, type Kysely } from 'kysely';
import { outboxInsert } from '@voucher/bus';
import { inBatches } from '@voucher/db';
import { movesToTell } from '../domain/reminders.ts';
import { movedEvent } from './voucher-moves.ts';
import type { DB as WalletDb } from './db.ts';

const BATCH = 5000;

/**
 * Ends vouchers with their `-` entry, a batch at a time. Vouchers a payment
 * holds right now are skipped (SKIP LOCKED) and taken at the next run, so the
 * job never waits on a payment and a payment never pays with an ended voucher.
 * The reminded ones among them are told (`evt.wallet.voucher.moved`, issue
 * 18 item 3) in the same transaction.
 */
async function endVouchers(
  db: Kysely<WalletDb>,
  kind: 'expiry' | 'reclaim',
  due: ReturnType<typeof sql<boolean>>,
): Promise<number> {
  const state = kind === 'expiry' ? 'expired' : 'reclaimed';
  const note = kind === 'expiry' ? '过期失效' : '逾期未使用收回';
  return inBatches(BATCH, () =>
    db.transaction().execute(async (trx) => {
      const ended = (
        await sql<{ id: string; enterprise_id: string; balance: number; number: string; reminded: boolean }>`
          WITH due AS (SELECT id, balance FROM vouchers v WHERE v.state = 'available' AND ${due}
                       LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          UPDATE vouchers v SET state = ${state}, balance = 0 FROM due WHERE v.id = due.id
          RETURNING v.id, v.enterprise_id, due.balance, v.number::text AS number, v.reminded`.execute(trx)
      ).rows;
      if (ended.length === 0) return 0;
      await sql`INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, note)
                SELECT gen_random_uuid(), e.id, e.enterprise_id, ${kind}, -e.balance, 0, ${note}
                FROM unnest(${ended.map((e) => e.id)}::uuid[], ${ended.map((e) => e.enterprise_id)}::uuid[],
                            ${ended.map((e) => e.balance)}::bigint[]) AS e(id, enterprise_id, balance)`.execute(trx);
      const told = movesToTell(
        ended.map((e) => ({ voucherId: e.id, from: 'available' as const, to: state, reminded: e.reminded })),
      );
      if (told.length > 0) {
        const byId = new Map(ended.map((e) => [e.id, e]));
        const at = new Date();
        await outboxInsert(
          told.map((m) => {
            const e = byId.get(m.voucherId)!;
            return movedEvent(
              m,
              { number: e.number, enterpriseId: e.enterprise_id, reminded: null },
              { cause: kind, orderId: null, at },
            );
          }),
        ).execute(trx);
      }
      return ended.length;
    }),
  );
}

/** WAL-6: unused vouchers end at their expiry. */
export function expireDueVouchers(db: Kysely<WalletDb>): Promise<number> {
  return endVouchers(db, 'expiry', sql<boolean>`v.expires_at <= now()`);
}

/** WAL-6: drawn vouchers left untouched `days` after their publication go back to the programme. */
export function reclaimUntouchedVouchers(db: Kysely<WalletDb>, days: number): Promise<number> {
  return endVouchers(
    db,
    'reclaim',
    sql<boolean>`v.source_kind = 'draw' AND v.balance = v.face_value
                 AND v.visible_from <= now() - make_interval(days => ${days})`,
  );
}
