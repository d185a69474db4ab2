import { useState } from 'react';
import { Button } from 'antd';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, RemoveButton, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { ExpertFormModal } from './ExpertFormModal.tsx';

/** ID-9 (seed 002 1.4.8 专家管理): the provider's experts, recorded, edited and removed. */
export function ExpertsPage() {
  const { t } = useLanguage();
  const [editing, setEditing] = useState<Parameters<typeof ExpertFormModal>[0]['expert']>(null);
  const list = usePagedQuery(['provider-experts'], (query) =>
    unwrap(client.GET('/api/v1/provider/experts', { params: { query } })),
  );
  return (
    <TitledPage
      level={3}
      title={t('expertManagement')}
      actions={
        <Button
          type="primary"
          data-testid="add-expert"
          onClick={() => setEditing({ name: '', age: 40, gender: 'male', fields: [], yearsOfService: 0 })}
        >
          {t('addExpert')}
        </Button>
      }
    >
      <CrudTable
        {...list}
        rowKey="id"
        data-testid="expert-list"
        columns={[
          { title: t('expertName'), dataIndex: 'name' },
          { title: t('expertAge'), dataIndex: 'age' },
          {
            title: t('expertGender'),
            dataIndex: 'gender',
            render: (g: 'male' | 'female') => t(g === 'male' ? 'expertMale' : 'expertFemale'),
          },
          { title: t('expertFields'), dataIndex: 'fields', render: (f: string[]) => f.join('、') },
          { title: t('yearsOfService'), dataIndex: 'yearsOfService' },
          { title: t('expertTitle'), dataIndex: 'title' },
        ]}
        rowActions={(x) => (
          <>
            <Button size="small" onClick={() => setEditing({ ...x, photoFileId: x.photoFileId ?? undefined })}>
              {t('edit')}
            </Button>
            <RemoveButton
              confirm={t('confirmDeleteExpert')}
              name={x.name}
              send={() => unwrap(client.DELETE('/api/v1/provider/experts/{id}', { params: { path: { id: x.id } } }))}
              refresh={['provider-experts']}
            />
          </>
        )}
      />
      <ExpertFormModal
        key={editing ? (editing.id ?? 'new') : 'none'}
        expert={editing}
        onClose={() => setEditing(null)}
      />
    </TitledPage>
  );
}
