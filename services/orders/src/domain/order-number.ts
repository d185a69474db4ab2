import { randomInt } from 'node:crypto';
import { zonedParts } from '@voucher/kit/calendar';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * DOMAIN §0: 24 digits, `yyyyMMddHHmmssSSS` in the programme's time zone then
 * 7 random digits (seed 003: 202107201019317670278137). A unique index makes a
 * collision a retry, not a duplicate.
 */
export function orderNumber(at: Date, timeZone: string, random = () => randomInt(0, 10_000_000)): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}${pad(p.month, 2)}${pad(p.day, 2)}${pad(p.hour, 2)}${pad(p.minute, 2)}${pad(p.second, 2)}${pad(at.getUTCMilliseconds(), 3)}${pad(random(), 7)}`;
}
