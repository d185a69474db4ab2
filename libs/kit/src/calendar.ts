/** A wall-clock reading in a time zone, as numbers (month 1-12, hour 0-23). */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one; a
// payment reads the calendar several times, so each zone's is built once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Formatting to parts still costs tens of microseconds, and every order reads
// the clock twice in the same second: each zone keeps its latest second's reading.
const latest = new Map<string, { second: number; parts: Readonly<ZonedParts> }>();

/** The wall clock of `timeZone` at an instant (DOMAIN §0: dates are the programme's zone). */
export function zonedParts(at: Date, timeZone: string): Readonly<ZonedParts> {
  const second = Math.floor(at.getTime() / 1000);
  const kept = latest.get(timeZone);
  if (kept?.second === second) return kept.parts;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const reading = Object.freeze(parts as unknown as ZonedParts);
  latest.set(timeZone, { second, parts: reading });
  return reading;
}

/** The programme year an instant falls in (DOMAIN §0: the calendar year in the programme's time zone). */
export function programmeYear(at: Date, timeZone: string): number {
  return zonedParts(at, timeZone).year;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The calendar day an instant falls on in `timeZone`, as `yyyy-MM-dd`. */
export function zonedDay(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}
