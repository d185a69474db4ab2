import { useState } from 'react';
import { App, Button, Result, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { shanghaiDateTime } from '../../format/time.ts';
import { StaffActionModal, type StaffAction } from './StaffEditModals.tsx';
import { StaffFormModal } from './StaffFormModal.tsx';
import { permissionWords } from './staff-permissions.ts';

const PAGE_SIZE = 20;

/** ID-8 (seed 002 1.4.9 用户管理): the main account's staff, added, edited, deleted, their passwords and menus. */
export function StaffPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [action, setAction] = useState<StaffAction | null>(null);
  const list = useQuery({
    queryKey: ['provider-staff', page],
    queryFn: () => unwrap(client.GET('/api/v1/provider/staff', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/provider/staff/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      message.success(t('staffDeleted'));
      return queries.invalidateQueries({ queryKey: ['provider-staff'] });
    },
    onError: (e) => message.error(describe(e)),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3}>{t('staffManagement')}</Typography.Title>
        <Button type="primary" onClick={() => setAdding(true)} data-testid="add-staff">
          {t('addStaff')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        data-testid="staff-list"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('staffUsername'), dataIndex: 'username' },
          { title: t('staffMobile'), dataIndex: 'mobile' },
          { title: t('staffEmail'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
          {
            title: t('menuPermissions'),
            render: (_: unknown, s) => (
              <Space size={[0, 4]} wrap data-testid="staff-permissions">
                {s.permissions.map((p) => (
                  <Tag key={p}>{t(permissionWords[p])}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('createdTime'), dataIndex: 'createdAt', render: shanghaiDateTime },
          {
            title: t('actions'),
            render: (_: unknown, s) => (
              <Space wrap>
                <Button size="small" onClick={() => setAction({ kind: 'edit', staff: s })}>
                  {t('edit')}
                </Button>
                <Button size="small" onClick={() => setAction({ kind: 'password', staff: s })}>
                  {t('resetStaffPassword')}
                </Button>
                <Button size="small" onClick={() => setAction({ kind: 'permissions', staff: s })}>
                  {t('configurePermissions')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('confirmDeleteStaff'),
                      content: s.username,
                      onOk: () => remove.mutateAsync(s.id),
                    })
                  }
                >
                  {t('remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <StaffFormModal open={adding} onClose={() => setAdding(false)} />
      <StaffActionModal
        key={action ? `${action.kind}:${action.staff.id}` : 'none'}
        action={action}
        onClose={() => setAction(null)}
      />
    </Space>
  );
}
