import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Button, ConfigProvider, Layout, Menu, Space, Spin, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLanguage } from '../i18n/language.tsx';
import { useSession } from '../auth/session.tsx';
import type { Role, StaffPermission } from '@voucher/contracts';
import { areas, type AreaMenuEntry } from '../areas/index.ts';
import type { MessageKey } from '../i18n/messages.ts';

// the bell is for the signed-in alone: a visitor's first page does not carry it (nor the checks of its replies)
const NotificationBell = lazy(() =>
  import('../components/NotificationBell.tsx').then((m) => ({ default: m.NotificationBell })),
);

const AntAppFrame = lazy(() => import('./AntAppFrame.tsx'));

/**
 * The catalogue as it is; any other page inside Ant Design's App (its hooks), from the first one opened on. Once
 * there the frame stays, so coming back to the catalogue does not mount the pages again.
 */
function PageFrame({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const [framed, setFramed] = useState(pathname !== '/');
  if (!framed && pathname !== '/') setFramed(true);
  return framed ? <AntAppFrame>{children}</AntAppFrame> : children;
}

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

/**
 * The frame of every page but a visitor's catalogue (`light/VisitorLayout.tsx`), in Ant Design's configuration:
 * loaded with the first such page, with Ant Design itself (issue 20 item 6).
 */
export default function AntLayout() {
  const { language } = useLanguage();
  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }}>
      <AppLayout />
    </ConfigProvider>
  );
}

/** The frame of every page: the menus a visitor or an enterprise may use, sign-in, the language switch. */
function AppLayout() {
  const { t, toggle } = useLanguage();
  const { token } = theme.useToken();
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
        {/* Typography's title and text as their styles draw them (their component brings its editor and copier) */}
        <h4
          style={{
            color: '#fff',
            margin: 0,
            whiteSpace: 'nowrap',
            fontSize: token.fontSizeHeading4,
            lineHeight: token.lineHeightHeading4,
            fontWeight: token.fontWeightStrong,
          }}
        >
          {t('appName')}
        </h4>
        <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={items} style={{ flex: 1 }} />
        <Space>
          <Button type="link" onClick={toggle} style={{ color: '#fff' }}>
            {t('language')}
          </Button>
          {user ? (
            <>
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
              <span
                style={{ color: '#fff', lineHeight: token.lineHeight, wordBreak: 'break-word' }}
                data-testid="username"
              >
                {user.username}
              </span>
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
          <PageFrame>
            <Outlet />
          </PageFrame>
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
