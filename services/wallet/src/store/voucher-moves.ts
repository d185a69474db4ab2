import { sql, type Kysely } from 'kysely';
import { outboxInsert, prepareEvent, type PendingEvent } from '@voucher/bus';
import { walletEvents, type DataOf } from '@voucher/contracts';
import type { VoucherMove } from '../domain/reminders.ts';
import type { DB as WalletDb } from './db.ts';

type Moved = DataOf<typeof walletEvents.voucherMoved>;
export type MoveCause = Moved['cause'];

/** What a voucher's `moved` event names besides the move. */
export interface MovedVoucher {
  number: string;
  enterpriseId: string;
  reminded: Moved['reminded'];
}

/** The event of one told move (`movesToTell`), as of `at`. */
export function movedEvent(
  move: VoucherMove,
  voucher: MovedVoucher,
  how: { cause: MoveCause; orderId: string | null; at: Date; requestId?: string | undefined },
): PendingEvent {
  return prepareEvent(
    walletEvents.voucherMoved,
    {
      voucherId: move.voucherId,
      voucherNumber: voucher.number,
      enterpriseId: voucher.enterpriseId,
      from: move.from,
      to: move.to,
      cause: how.cause,
      orderId: how.orderId,
      at: how.at.toISOString(),
      reminded: voucher.reminded,
    },
    how.requestId ? { requestId: how.requestId } : {},
  );
}

/**
 * Appends the `moved` events of an order's refunded (or reclaimed) vouchers
 * in the caller's transaction, which changed their state. A voucher back in
 * `available` carries the deadline it was last reminded of that still holds
 * (WAL-5, WAL-6): the nearest one ahead, a reclaim only while the voucher is
 * untouched (the reclaim job's rule).
 */
export async function appendRefundMoves(
  trx: Kysely<WalletDb>,
  moves: readonly (VoucherMove & { cause: MoveCause })[],
  orderId: string,
  requestId: string | undefined,
): Promise<void> {
  if (moves.length === 0) return;
  const rows = (
    await sql<{
      id: string;
      number: string;
      enterprise_id: string;
      category_code: string;
      category_name: string;
      balance: number;
      deadline: 'expiry' | 'reclaim' | null;
      ends_at: Date | null;
    }>`
      SELECT v.id, v.number::text AS number, v.enterprise_id, v.category_code, c.name AS category_name, v.balance,
             r.deadline, r.ends_at
      FROM vouchers v JOIN categories c ON c.code = v.category_code
      LEFT JOIN LATERAL (
        SELECT deadline, ends_at FROM voucher_reminders
        WHERE voucher_id = v.id AND (deadline = 'expiry' OR v.balance = v.face_value)
        ORDER BY ends_at > now() DESC, ends_at LIMIT 1) r ON true
      WHERE v.id = ANY(${moves.map((m) => m.voucherId)}::uuid[])`.execute(trx)
  ).rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const at = new Date();
  await outboxInsert(
    moves.map((m) => {
      const v = byId.get(m.voucherId)!;
      const back = m.to === 'available' && v.deadline !== null && v.ends_at !== null;
      return movedEvent(
        m,
        {
          number: v.number,
          enterpriseId: v.enterprise_id,
          reminded: back
            ? {
                category: v.category_code,
                categoryName: v.category_name,
                balance: Number(v.balance),
                deadline: v.deadline!,
                endsAt: v.ends_at!.toISOString(),
              }
            : null,
        },
        { cause: m.cause, orderId, at, requestId },
      );
    }),
  ).execute(trx);
}
