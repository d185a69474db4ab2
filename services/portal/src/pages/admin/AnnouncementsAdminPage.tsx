import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api/schema';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { AnnouncementForm } from './AnnouncementForm.tsx';
import { LoadError } from './LoadError.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type Announcement =
  paths['/api/v1/admin/announcements']['get']['responses'][200]['content']['application/json']['items'][number];

const PAGE_SIZE = 20;

/** Programme notices as operators manage them: scheduled, published and withdrawn ones. */
export function AnnouncementsAdminPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['admin', 'announcements', page],
    queryFn: () =>
      unwrap(client.GET('/api/v1/admin/announcements', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/admin/announcements/{id}', { params: { path: { id } } })),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['admin', 'announcements'] }),
    onError: (e) => message.error(describe(e)),
  });
  const now = Date.now();
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4}>{t('adminAnnouncements')}</Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('adminNewAnnouncement')}
        </Button>
      </Space>
      {list.isError ? (
        <LoadError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<Announcement>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('adminAnnouncementTitle'), dataIndex: 'title' },
            { title: t('adminPublishAt'), dataIndex: 'publishAt', render: shanghaiDateTime },
            { title: t('adminAttachments'), render: (_: unknown, a) => a.attachmentFileIds.length },
            {
              title: t('adminState'),
              render: (_: unknown, a) =>
                a.withdrawn ? (
                  <Tag>{t('adminWithdrawn')}</Tag>
                ) : Date.parse(a.publishAt) > now ? (
                  <Tag color="blue">{t('adminScheduled')}</Tag>
                ) : (
                  <Tag color="green">{t('adminPublished')}</Tag>
                ),
            },
            {
              title: '',
              render: (_: unknown, a) =>
                !a.withdrawn && (
                  <Popconfirm title={t('adminWithdrawConfirm')} onConfirm={() => withdraw.mutate(a.id)}>
                    <Button size="small" danger>
                      {t('adminWithdraw')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
      <AnnouncementForm open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
