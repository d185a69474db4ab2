import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api/schema';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { LoadError } from './LoadError.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type DeadLetter =
  paths['/api/v1/admin/notifications/dead-letters']['get']['responses'][200]['content']['application/json']['items'][number];

const PAGE_SIZE = 20;

/**
 * Issue 18 item 6: the channel deliveries (SMS, email) the notifications
 * service gave up on after its retries, by event type and id only; an admin
 * replays one after a confirm, and it leaves the list (404: gone already).
 */
export function DeadLettersPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const query = { page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['admin', 'notification-dead-letters', query],
    queryFn: () => unwrap(client.GET('/api/v1/admin/notifications/dead-letters', { params: { query } })),
  });
  const refresh = () => void queries.invalidateQueries({ queryKey: ['admin', 'notification-dead-letters'] });
  const replay = useMutation({
    mutationFn: (seq: number) =>
      unwrap(
        client.POST('/api/v1/admin/notifications/dead-letters/{seq}/replay', {
          params: { path: { seq } },
        }),
      ),
    onSuccess: () => {
      message.success(t('adminDeadLetterReplayed'));
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'NOT_FOUND') {
        message.warning(t('adminDeadLetterGone'));
        refresh();
      } else message.error(describe(e));
    },
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('adminDeadLetters')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('adminDeadLettersHint')}</Typography.Paragraph>
      {list.isError ? (
        <LoadError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<DeadLetter>
          rowKey="seq"
          size="small"
          data-testid="dead-letters"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: '#', dataIndex: 'seq' },
            { title: t('adminDeadLetterConsumer'), dataIndex: 'consumer' },
            { title: t('adminDeadLetterEvent'), dataIndex: 'eventType', render: (v: string | null) => v ?? '—' },
            {
              title: t('adminDeadLetterEventId'),
              dataIndex: 'eventId',
              render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
            },
            { title: t('adminDeadLetteredAt'), dataIndex: 'deadLetteredAt', render: shanghaiDateTime },
            { title: t('adminDeadLetterDeliveries'), dataIndex: 'deliveries', render: (v: number | null) => v ?? '—' },
            {
              title: t('adminDeadLetterReason'),
              dataIndex: 'reason',
              render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
            },
            {
              title: '',
              render: (_: unknown, row) =>
                row.replayable ? (
                  <Popconfirm title={t('adminDeadLetterReplayConfirm')} onConfirm={() => replay.mutate(row.seq)}>
                    <Button
                      size="small"
                      data-testid={`replay-${row.seq}`}
                      loading={replay.isPending && replay.variables === row.seq}
                    >
                      {t('adminDeadLetterReplay')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Tag>{t('adminDeadLetterNotReplayable')}</Tag>
                ),
            },
          ]}
        />
      )}
    </Space>
  );
}
