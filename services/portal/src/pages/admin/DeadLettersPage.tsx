import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deadLetterKeepers } from '@voucher/contracts';
import type { paths } from '../../api/schema';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type DeadLetter =
  paths['/api/v1/admin/dead-letters/{service}']['get']['responses'][200]['content']['application/json']['items'][number];
type Service = paths['/api/v1/admin/dead-letters/{service}']['get']['parameters']['path']['service'];
/** the gateway's `:service` is this very list (services/gateway routes/dead-letters.ts), so the cast holds */
const services = deadLetterKeepers as readonly Service[];

/**
 * Issue 19 item 4: the events a chosen service's consumers gave up on after
 * their retries, by event type and id only, with their history; an admin
 * replays one after a confirm, or discards one with an optional reason. Both
 * are audited by the service; a dead letter gone already (404) leaves the list.
 */
export function DeadLettersPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [service, setService] = useState<Service>('notifications');
  const [discarding, setDiscarding] = useState<DeadLetter | null>(null);
  const [reasonForm] = Form.useForm<{ reason?: string }>();
  const list = usePagedQuery(['admin', 'dead-letters', service], (query) =>
    unwrap(client.GET('/api/v1/admin/dead-letters/{service}', { params: { path: { service }, query } })),
  );
  const refresh = () => void queries.invalidateQueries({ queryKey: ['admin', 'dead-letters', service] });
  const refused = (e: Error) => {
    if (e instanceof ApiError && e.code === 'NOT_FOUND') {
      message.warning(t('adminDeadLetterGone'));
      refresh();
    } else message.error(describe(e));
  };
  const replay = useMutation({
    mutationFn: (seq: number) =>
      unwrap(client.POST('/api/v1/admin/dead-letters/{service}/{seq}/replay', { params: { path: { service, seq } } })),
    onSuccess: () => {
      message.success(t('adminDeadLetterReplayed'));
      refresh();
    },
    onError: refused,
  });
  const discard = useMutation({
    mutationFn: ({ seq, reason }: { seq: number; reason?: string }) =>
      unwrap(
        client.POST('/api/v1/admin/dead-letters/{service}/{seq}/discard', {
          params: { path: { service, seq } },
          body: reason ? { reason } : {},
        }),
      ),
    onSuccess: () => {
      message.success(t('adminDeadLetterDiscarded'));
      setDiscarding(null);
      refresh();
    },
    onError: (e) => {
      setDiscarding(null);
      refused(e);
    },
  });
  return (
    <TitledPage title={t('adminDeadLetters')}>
      <Typography.Paragraph type="secondary">{t('adminDeadLettersHint')}</Typography.Paragraph>
      <Space>
        <Typography.Text>{t('adminDeadLetterService')}</Typography.Text>
        <Select<Service>
          data-testid="dead-letter-service"
          style={{ minWidth: 180 }}
          value={service}
          onChange={setService}
          options={services.map((s) => ({ value: s, label: s }))}
        />
      </Space>
      <CrudTable
        {...list}
        rowKey="seq"
        size="small"
        data-testid="dead-letters"
        columns={[
          { title: '#', dataIndex: 'seq' },
          { title: t('adminDeadLetterConsumer'), dataIndex: 'consumer' },
          { title: t('adminDeadLetterEvent'), dataIndex: 'eventType', render: (v: string | null) => v ?? '—' },
          {
            title: t('adminDeadLetterEventId'),
            dataIndex: 'eventId',
            render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
          },
          { title: t('adminDeadLetterPublishedAt'), dataIndex: 'publishedAt', render: shanghaiDateTime },
          { title: t('adminDeadLetteredAt'), dataIndex: 'deadLetteredAt', render: shanghaiDateTime },
          { title: t('adminDeadLetterDeliveries'), dataIndex: 'deliveries', render: (v: number | null) => v ?? '—' },
          {
            title: t('adminDeadLetterReason'),
            dataIndex: 'reason',
            render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
          },
          {
            title: t('adminDeadLetterHistory'),
            dataIndex: 'history',
            render: (history: DeadLetter['history']) =>
              history.length === 0
                ? '—'
                : history.map((h) => (
                    <div key={h.at}>
                      {t(
                        h.action === 'replayed' ? 'adminDeadLetterHistoryReplayed' : 'adminDeadLetterHistoryDiscarded',
                      )}{' '}
                      {shanghaiDateTime(h.at)}
                      {h.reason ? `: ${h.reason}` : ''}
                    </div>
                  )),
          },
        ]}
        rowActions={(row) => (
          <>
            {row.replayable ? (
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
            )}
            <Button size="small" danger data-testid={`discard-${row.seq}`} onClick={() => setDiscarding(row)}>
              {t('adminDeadLetterDiscard')}
            </Button>
          </>
        )}
      />
      <Modal
        open={discarding !== null}
        title={t('adminDeadLetterDiscardTitle')}
        okText={t('adminDeadLetterDiscard')}
        okButtonProps={{ danger: true }}
        confirmLoading={discard.isPending}
        onCancel={() => setDiscarding(null)}
        destroyOnHidden
        onOk={async () => {
          const { reason } = await reasonForm.validateFields();
          if (discarding) discard.mutate({ seq: discarding.seq, reason: reason?.trim() || undefined });
        }}
      >
        <Form form={reasonForm} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('adminDeadLetterDiscardReason')}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="discard-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </TitledPage>
  );
}
