import { Card, Col, Row, Spin, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { Role } from '@voucher/contracts';
import { adminMenu } from '../../areas/admin-menu.ts';
import type { AreaMenuEntry } from '../../areas/area.ts';
import { useSession } from '../../auth/session.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { LoadError } from '../../components/ErrorAlerts.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { TodoPanel } from '../../components/TodoPanel.tsx';
import { pendingCounters } from './pending-counts.ts';

interface Entry {
  label: MessageKey;
  path: string;
}

function entriesFor(menu: AreaMenuEntry[], role: Role): Entry[] {
  return menu.flatMap((e): Entry[] => {
    if (e.roles && !e.roles.includes(role)) return [];
    if (e.children) return entriesFor(e.children, role);
    return e.path && e.path !== '/admin' ? [{ label: e.label, path: e.path }] : [];
  });
}

function PendingCount({ path, role }: { path: string; role: Role }) {
  const { t } = useLanguage();
  const counter = pendingCounters[path]!;
  const count = useQuery({ queryKey: ['admin', 'pending', path, role], queryFn: () => counter(role) });
  if (count.isError) return <LoadError error={count.error} />;
  return <Statistic title={t('adminPending')} value={count.data ?? 0} loading={count.isLoading} />;
}

/** The landing page of staff: the queues and pages of the signed-in role, queues with what waits (QUA-8 我的待办). */
export function AdminHomePage() {
  const { t } = useLanguage();
  const { user } = useSession();
  if (!user) return <Spin />;
  const role = user.role as Role;
  const entries = entriesFor(adminMenu, role);
  return (
    <TitledPage title={t('adminHomeTitle')}>
      <TodoPanel title="todoByDue" />
      <Row gutter={[16, 16]}>
        {entries.map((e) => (
          <Col key={e.path} xs={24} sm={12} md={8}>
            <Card title={<Link to={e.path}>{t(e.label)}</Link>} size="small" data-testid="admin-entry">
              {pendingCounters[e.path] ? (
                <PendingCount path={e.path} role={role} />
              ) : (
                <Link to={e.path}>{t('adminOpen')}</Link>
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </TitledPage>
  );
}
