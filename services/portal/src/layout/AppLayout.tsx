import { Suspense } from 'react';
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLanguage } from '../i18n/language.tsx';
import { useSession } from '../auth/session.tsx';
import type { Role, StaffPermission } from '@voucher/contracts';
import { areas, type AreaMenuEntry } from '../areas/index.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { NotificationBell } from '../components/NotificationBell.tsx';

type MenuItem = { key: string; label: React.ReactNode; children?: MenuItem[] };

/** Who reads the menu: a provider's staff sees only the menus it was granted (ID-8). */
interface MenuReader {
  role: Role;
  permissions: readonly StaffPermission[];
}

const mayOpen = (e: AreaMenuEntry, reader: MenuReader) =>
  (!e.roles || e.roles.includes(reader.role)) &&
  (!e.permission || reader.role !== 'provider_staff' || reader.permissions.includes(e.permission));

/** An area's menu as Ant Design items, without the entries the user's role or grants do not open. */
function menuItems(entries: AreaMenuEntry[], reader: MenuReader, t: (key: MessageKey) => string): MenuItem[] {
  return entries.flatMap((e): MenuItem[] => {
    if (!mayOpen(e, reader)) return [];
    if (!e.children) return [{ key: e.path!, label: <Link to={e.path!}>{t(e.label)}</Link> }];
    const children = menuItems(e.children, reader, t);
    return children.length > 0 ? [{ key: `group:${e.label}`, label: t(e.label), children }] : [];
  });
}

const flatKeys = (items: MenuItem[]): string[] => items.flatMap((i) => (i.children ? flatKeys(i.children) : [i.key]));

/** The frame of every page: the menus a visitor or an enterprise may use, sign-in, the language switch. */
export function AppLayout() {
  const { t, toggle } = useLanguage();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items: MenuItem[] = [
    { key: '/', label: <Link to="/">{t('catalogue')}</Link> },
    { key: '/announcements', label: <Link to="/announcements">{t('announcements')}</Link> },
    ...areas.flatMap((area) =>
      user && area.roles.includes(user.role as Role)
        ? menuItems(area.menu, { role: user.role as Role, permissions: user.permissions }, t)
        : [],
    ),
  ];
  // the inbox and its settings belong to the bell, not to a menu entry: none is marked there
  const selected =
    flatKeys(items)
      .filter((k) => k !== '/' && location.pathname.startsWith(k))
      .sort((x, y) => y.length - x.length)[0] ?? (location.pathname.startsWith('/notifications') ? '' : '/');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {t('appName')}
        </Typography.Title>
        <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={items} style={{ flex: 1 }} />
        <Space>
          <Button type="link" onClick={toggle} style={{ color: '#fff' }}>
            {t('language')}
          </Button>
          {user ? (
            <>
              <NotificationBell />
              <Typography.Text style={{ color: '#fff' }} data-testid="username">
                {user.username}
              </Typography.Text>
              <Button
                onClick={async () => {
                  await logout();
                  navigate('/');
                }}
              >
                {t('logout')}
              </Button>
            </>
          ) : (
            <Button type="primary" onClick={() => navigate('/login')}>
              {t('login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
