import { reminderThresholds } from '@voucher/contracts';

/** The deadlines a voucher is reminded of (WAL-6): its expiry, and the programme's reclaim of an unused one. */
export type Deadline = 'expiry' | 'reclaim';

/**
 * The reminder windows, nearest first (issue 18 item 2: 7 days before, and
 * again 1 day before): a deadline more than `fromDays` and at most
 * `threshold` days away is due for that threshold's reminder. The windows do
 * not overlap, so a voucher first found a few hours before its deadline gets
 * the 1-day reminder only, never a stale "7 days" one beside it.
 */
export const reminderWindows: readonly { threshold: 7 | 1; fromDays: number }[] = [...reminderThresholds]
  .sort((a, b) => a - b)
  .map((threshold, i, sorted) => ({ threshold, fromDays: i === 0 ? 0 : sorted[i - 1]! }));
