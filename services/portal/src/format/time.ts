import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The programme's time zone (DOMAIN §0): every reader sees its clock, wherever their browser is. */
const PROGRAMME_ZONE = 'Asia/Shanghai';

export function shanghaiDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(PROGRAMME_ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function shanghaiDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(PROGRAMME_ZONE).format('YYYY-MM-DD') : '—';
}

/** The programme year now (QUA-3/4 apply per year). */
export const programmeYear = () => dayjs().tz(PROGRAMME_ZONE).year();

/** A picked calendar day as the API's date (`from`, `to`, `paidAt`, `foundedOn`, a service visit's `date`). */
export const apiDate = (day: Dayjs) => day.format('YYYY-MM-DD');

/**
 * A picked moment as an ISO-8601 instant (LOT-2 times). Staff pick the programme's wall-clock time
 * (DOMAIN §0), so the picked date and time are read in Shanghai whatever zone the browser is in.
 */
export const apiInstant = (moment: Dayjs) =>
  dayjs.tz(moment.format('YYYY-MM-DDTHH:mm:ss'), PROGRAMME_ZONE).toISOString();
