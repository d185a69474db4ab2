import { zonedParts } from '@voucher/kit/calendar';

/**
 * When a voucher stops being valid (LOT-1, LOT-8): a number of days from when
 * it becomes visible, or the end of a fixed date in the programme's zone.
 */
export function expiryOf(
  category: { validity_days: number | null; valid_until: string | null },
  visibleFrom: Date,
  timeZone: string,
): Date {
  if (category.validity_days !== null) return new Date(visibleFrom.getTime() + category.validity_days * 86_400_000);
  return endOfDayIn(category.valid_until!, timeZone);
}

/** The last instant of a calendar date in a zone (UTC for that zone's midnight of the next day, minus 1 ms). */
export function endOfDayIn(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnightNext = Date.UTC(y, m - 1, d + 1);
  const offset = zoneOffsetMs(new Date(utcMidnightNext), timeZone);
  return new Date(utcMidnightNext - offset - 1);
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** DOMAIN §0: voucher numbers are the year then a serial, e.g. 20260000001. */
export function voucherNumber(year: number, serial: number): number {
  return year * 10_000_000 + serial;
}
