import type { DataOf, lotteryEvents } from '@voucher/contracts';
import { localTime } from './reminders.ts';
import type { Draft } from './templates.ts';

/**
 * LOT-2/LOT-3, issue 18 item 2 ("a reservation window opening, for qualified
 * enterprises"; Jinan's pop-up): every enterprise of a chunk, qualified for
 * the campaign's year, learns that it may reserve until the window closes
 * (in the programme's zone); an enterprise's id is its user id (QUA-9). The
 * drafts of a chunk share one params object, so one text (`composeAll`).
 * Not essential, inbox only.
 */
export function reservationWindows(d: DataOf<typeof lotteryEvents.campaignOpened>, timeZone: string): Draft[] {
  const params = { campaignName: d.campaignName, year: d.year, closesAt: localTime(d.closesAt, timeZone) };
  return d.enterpriseIds.map((userId) => ({ userId, template: 'reservation.window_opened' as const, params }));
}
