import { Badge } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { notificationKeys, unreadCount } from '../api/notifications.ts';
import { useLanguage } from '../i18n/language.tsx';

/** How often the bell asks again while the page is open (and each time the window regains focus). */
const POLL_MS = 30_000;

/** The shape of Ant Design's bell, drawn here: the portal carries no icon font or icon package. */
function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">
      <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
    </svg>
  );
}

/**
 * The header's bell (issue 18 item 5): the signed-in user's unread count, asked every 30 s and when the window
 * comes back into focus, opening the inbox. `data-unread` carries the number, even when the badge hides a zero.
 */
export function NotificationBell() {
  const { t } = useLanguage();
  const unread = useQuery({
    queryKey: notificationKeys.unread,
    queryFn: unreadCount,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 5_000,
  });
  const count = unread.data?.unread ?? 0;
  return (
    <Link
      to="/notifications"
      data-testid="notification-bell"
      data-unread={unread.data ? count : undefined}
      aria-label={t('notifBellLabel').replace('{n}', String(count))}
      title={t('notifBell')}
      style={{ display: 'inline-flex', alignItems: 'center', padding: '0 8px', lineHeight: 1 }}
    >
      <Badge count={count} size="small" overflowCount={99}>
        <span style={{ color: '#fff', display: 'inline-flex' }}>
          <BellIcon />
        </span>
      </Badge>
    </Link>
  );
}
