import { useState } from 'react';
import { App, Button, Popconfirm, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { AnnouncementForm } from './AnnouncementForm.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

/** Programme notices as operators manage them: scheduled, published and withdrawn ones. */
export function AnnouncementsAdminPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [creating, setCreating] = useState(false);
  const list = usePagedQuery(['admin', 'announcements'], (query) =>
    unwrap(client.GET('/api/v1/admin/announcements', { params: { query } })),
  );
  const withdraw = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/admin/announcements/{id}', { params: { path: { id } } })),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['admin', 'announcements'] }),
    onError: (e) => message.error(describe(e)),
  });
  const now = Date.now();
  return (
    <TitledPage
      title={t('adminAnnouncements')}
      actions={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('adminNewAnnouncement')}
        </Button>
      }
    >
      <CrudTable
        {...list}
        rowKey="id"
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
        ]}
        rowActions={(a) =>
          !a.withdrawn && (
            <Popconfirm title={t('adminWithdrawConfirm')} onConfirm={() => withdraw.mutate(a.id)}>
              <Button size="small" danger>
                {t('adminWithdraw')}
              </Button>
            </Popconfirm>
          )
        }
      />
      <AnnouncementForm open={creating} onClose={() => setCreating(false)} />
    </TitledPage>
  );
}
