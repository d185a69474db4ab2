/** The programme year an instant falls in (DOMAIN §0: the calendar year in the programme's time zone). */
export function programmeYear(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(at));
}
