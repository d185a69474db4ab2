import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLanguage } from '../i18n/language.tsx';
import { useSession } from '../auth/session.tsx';

/** The frame of every page: the menus a visitor or an enterprise may use, sign-in, the language switch. */
export function AppLayout() {
  const { t, toggle } = useLanguage();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items = [
    { key: '/', label: <Link to="/">{t('catalogue')}</Link> },
    { key: '/announcements', label: <Link to="/announcements">{t('announcements')}</Link> },
    ...(user?.role === 'enterprise'
      ? [
          { key: '/campaigns', label: <Link to="/campaigns">{t('campaigns')}</Link> },
          { key: '/wallet', label: <Link to="/wallet">{t('wallet')}</Link> },
          { key: '/orders', label: <Link to="/orders">{t('orders')}</Link> },
        ]
      : []),
    ...(user?.role === 'provider' || user?.role === 'provider_staff'
      ? [
          { key: '/workbench/products', label: <Link to="/workbench/products">{t('myProducts')}</Link> },
          { key: '/workbench/orders', label: <Link to="/workbench/orders">{t('providerOrders')}</Link> },
        ]
      : []),
  ];
  const selected = items.find((i) => i.key !== '/' && location.pathname.startsWith(i.key))?.key ?? '/';
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
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
