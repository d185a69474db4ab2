import { useState } from 'react';
import { Button, Space, Tag } from 'antd';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, RemoveButton, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { shanghaiDateTime } from '../../format/time.ts';
import { StaffActionModal, type StaffAction } from './StaffEditModals.tsx';
import { StaffFormModal } from './StaffFormModal.tsx';
import { permissionWords } from './staff-permissions.ts';

/** ID-8 (seed 002 1.4.9 用户管理): the main account's staff, added, edited, deleted, their passwords and menus. */
export function StaffPage() {
  const { t } = useLanguage();
  const [adding, setAdding] = useState(false);
  const [action, setAction] = useState<StaffAction | null>(null);
  const list = usePagedQuery(['provider-staff'], (query) =>
    unwrap(client.GET('/api/v1/provider/staff', { params: { query } })),
  );
  return (
    <TitledPage
      level={3}
      title={t('staffManagement')}
      actions={
        <Button type="primary" onClick={() => setAdding(true)} data-testid="add-staff">
          {t('addStaff')}
        </Button>
      }
    >
      <CrudTable
        {...list}
        rowKey="id"
        data-testid="staff-list"
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
        ]}
        rowActions={(s) => (
          <>
            <Button size="small" onClick={() => setAction({ kind: 'edit', staff: s })}>
              {t('edit')}
            </Button>
            <Button size="small" onClick={() => setAction({ kind: 'password', staff: s })}>
              {t('resetStaffPassword')}
            </Button>
            <Button size="small" onClick={() => setAction({ kind: 'permissions', staff: s })}>
              {t('configurePermissions')}
            </Button>
            <RemoveButton
              confirm={t('confirmDeleteStaff')}
              name={s.username}
              send={() => unwrap(client.DELETE('/api/v1/provider/staff/{id}', { params: { path: { id: s.id } } }))}
              refresh={['provider-staff']}
              done={t('staffDeleted')}
            />
          </>
        )}
      />
      <StaffFormModal open={adding} onClose={() => setAdding(false)} />
      <StaffActionModal
        key={action ? `${action.kind}:${action.staff.id}` : 'none'}
        action={action}
        onClose={() => setAction(null)}
      />
    </TitledPage>
  );
}
