import type { voucherStates } from '@voucher/contracts';

/** The deadlines a voucher is reminded of (WAL-6): its expiry, and the programme's reclaim of an unused one. */
export type Deadline = 'expiry' | 'reclaim';

type VoucherState = (typeof voucherStates)[number];

/** A voucher's state before and after one change, and whether it was ever reminded of a deadline. */
export interface VoucherMove {
  voucherId: string;
  from: VoucherState;
  to: VoucherState;
  reminded: boolean;
}

/**
 * The changes told as `evt.wallet.voucher.moved` (issue 18 item 3): a
 * reminded voucher leaving `available` (used up, WAL-4; expired or
 * reclaimed, WAL-6) closes the enterprise's to-do `voucher_to_use`; one
 * coming back to it (a refund before its expiry, WAL-5) reopens it. A voucher
 * never reminded has no such to-do, so its changes are not told.
 */
export function movesToTell<M extends VoucherMove>(moves: readonly M[]): M[] {
  return moves.filter((m) => m.reminded && m.from !== m.to && (m.from === 'available' || m.to === 'available'));
}

/** WAL-4: a payment line that leaves a voucher nothing makes it `used` (a single-use one forfeits the rest); the others stay as they were. */
export function paymentMoves(
  lines: readonly { voucherId: string; balanceAfter: number }[],
  vouchers: readonly { id: string; state: string; reminded: boolean }[],
): VoucherMove[] {
  return movesToTell(
    lines.map((l) => {
      const v = vouchers.find((x) => x.id === l.voucherId)!;
      const from = v.state as VoucherState;
      return { voucherId: l.voucherId, from, to: l.balanceAfter === 0 ? 'used' : from, reminded: v.reminded };
    }),
  );
}
