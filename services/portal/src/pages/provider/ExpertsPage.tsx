import { useState } from 'react';
import { App, Button, Result, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { ExpertFormModal } from './ExpertFormModal.tsx';

const PAGE_SIZE = 20;

/** ID-9 (seed 002 1.4.8 专家管理): the provider's experts, recorded, edited and removed. */
export function ExpertsPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Parameters<typeof ExpertFormModal>[0]['expert']>(null);
  const list = useQuery({
    queryKey: ['provider-experts', page],
    queryFn: () => unwrap(client.GET('/api/v1/provider/experts', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/provider/experts/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['provider-experts'] }),
    onError: (e) => message.error(describe(e)),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3}>{t('expertManagement')}</Typography.Title>
        <Button
          type="primary"
          data-testid="add-expert"
          onClick={() => setEditing({ name: '', age: 40, gender: 'male', fields: [], yearsOfService: 0 })}
        >
          {t('addExpert')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        data-testid="expert-list"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
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
          {
            title: t('actions'),
            render: (_: unknown, x) => (
              <Space>
                <Button size="small" onClick={() => setEditing({ ...x, photoFileId: x.photoFileId ?? undefined })}>
                  {t('edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('confirmDeleteExpert'),
                      content: x.name,
                      onOk: () => remove.mutateAsync(x.id),
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
      <ExpertFormModal
        key={editing ? (editing.id ?? 'new') : 'none'}
        expert={editing}
        onClose={() => setEditing(null)}
      />
    </Space>
  );
}
