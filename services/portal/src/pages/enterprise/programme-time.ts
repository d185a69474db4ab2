import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The programme runs on Beijing time whatever the reader's clock says. */
const PROGRAMME_ZONE = 'Asia/Shanghai';

export const shanghaiDateTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).tz(PROGRAMME_ZONE).format('YYYY-MM-DD HH:mm') : '—';

export const shanghaiDate = (iso: string | null | undefined) =>
  iso ? dayjs(iso).tz(PROGRAMME_ZONE).format('YYYY-MM-DD') : '—';

/** The programme year now (QUA-4 applies per year). */
export const programmeYear = () => dayjs().tz(PROGRAMME_ZONE).year();
