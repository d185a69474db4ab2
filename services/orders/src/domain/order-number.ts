import { randomInt } from 'node:crypto';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * DOMAIN §0: 24 digits, `yyyyMMddHHmmssSSS` in the programme's time zone then
 * 7 random digits (seed 003: 202107201019317670278137). A unique index makes a
 * collision a retry, not a duplicate.
 */
export function orderNumber(at: Date, timeZone: string, random = () => randomInt(0, 10_000_000)): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}${pad(at.getUTCMilliseconds(), 3)}${pad(random(), 7)}`;
}
