import type { Refusal } from '@voucher/contracts';

type DrawRefusal = Refusal<'INVALID_STATE', { state: string }>;

/**
 * LOT-5/LOT-6: a batch is drawn once, after its campaign's reservations have
 * closed (the eligible set must be final), and after every earlier batch of
 * its campaign (their winners are no longer eligible). Null when it may be
 * drawn now.
 */
export function whyNotDrawable(
  batch: { state: string; closesAt: Date; earlierUndrawn: number },
  now: Date,
): DrawRefusal | null {
  if (batch.state !== 'scheduled') {
    return { refused: 'INVALID_STATE', why: 'this batch is already drawn', state: batch.state };
  }
  if (batch.closesAt > now) {
    return {
      refused: 'INVALID_STATE',
      why: 'reservations are still open: the eligible set is not final',
      state: 'open',
    };
  }
  if (batch.earlierUndrawn > 0) {
    return { refused: 'INVALID_STATE', why: 'an earlier batch of this campaign is not drawn yet', state: 'scheduled' };
  }
  return null;
}
