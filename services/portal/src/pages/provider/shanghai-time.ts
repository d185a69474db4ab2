import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times show on the programme's clock (DOMAIN §0: Asia/Shanghai), whatever the reader's own. */
export const shanghaiDateTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm') : '—';
