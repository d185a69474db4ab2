import { App, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { CampaignView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { BatchProgressBar, useBatchProgress } from './BatchProgress.tsx';
import { BatchReport } from './BatchReport.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type Batch = CampaignView['batches'][number];

const batchStateWords: Record<Batch['state'], MessageKey> = {
  scheduled: 'adminBatchScheduled',
  drawn: 'adminBatchDrawn',
  published: 'adminBatchPublished',
};

/** LOT-6: the external beacon an approver may add before the draw, so the seed is not the platform's alone. */
function BeaconForm({ batch }: { batch: Batch }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const save = useMutation({
    mutationFn: (body: { value: string; source: string }) =>
      unwrap(client.PUT('/api/v1/lottery/batches/{id}/beacon', { params: { path: { id: batch.id } }, body })),
    onSuccess: () => {
      message.success(t('adminSaved'));
      void queries.invalidateQueries({ queryKey: ['admin', 'campaigns'] });
    },
    onError: (e) => message.error(describe(e)),
  });
  return (
    <Form layout="inline" onFinish={(v: { value: string; source: string }) => save.mutate(v)}>
      <Form.Item name="value" rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input placeholder={t('adminBeaconValue')} />
      </Form.Item>
      <Form.Item name="source" rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input placeholder={t('adminBeaconSource')} />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending}>
        {t('adminSetBeacon')}
      </Button>
    </Form>
  );
}

/**
 * One batch (LOT-5/6/7/10): its commitment and beacon, the draw and the publication (long requests: the bar
 * shows their phase and percentage until the server answers, issue 19), then its winners per category, the
 * report with its CSV and the public page.
 */
export function BatchCard({ batch }: { batch: Batch }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const refresh = () => queries.invalidateQueries({ queryKey: ['admin'] });
  const progress = useBatchProgress(batch, () => void refresh());
  const draw = useMutation({
    mutationFn: () =>
      progress.during(
        'draw',
        unwrap(client.POST('/api/v1/lottery/batches/{id}/draw', { params: { path: { id: batch.id } } })),
      ),
    onSuccess: (result) => {
      message.success(t('adminDrawDone').replace('{n}', String(result.winners)));
      void refresh();
    },
    onError: (e) => message.error(describe(e)),
  });
  const publish = useMutation({
    mutationFn: () =>
      progress.during(
        'publish',
        unwrap(client.POST('/api/v1/lottery/batches/{id}/publish', { params: { path: { id: batch.id } } })),
      ),
    onSuccess: () => void refresh(),
    onError: (e) => message.error(describe(e)),
  });
  return (
    <Card
      size="small"
      data-testid="batch"
      title={
        <Space>
          {t('adminBatchNo').replace('{n}', String(batch.seq))}
          <Tag data-testid="batch-state">{t(batchStateWords[batch.state])}</Tag>
        </Space>
      }
      extra={
        <Space>
          {batch.state === 'scheduled' && (
            <Button
              type="primary"
              loading={draw.isPending || progress.running}
              onClick={() => draw.mutate()}
              data-testid="draw"
            >
              {t('adminDraw')}
            </Button>
          )}
          {batch.state === 'drawn' && (
            <Button type="primary" loading={publish.isPending || progress.running} onClick={() => publish.mutate()}>
              {t('adminPublish')}
            </Button>
          )}
          {batch.state === 'published' && <Link to={`/publications/${batch.id}`}>{t('adminPublication')}</Link>}
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('adminDrawAt')}>{shanghaiDateTime(batch.drawAt)}</Descriptions.Item>
          <Descriptions.Item label={t('adminPublishAt')}>{shanghaiDateTime(batch.publishAt)}</Descriptions.Item>
          <Descriptions.Item label={t('adminQuota')}>
            {Object.entries(batch.quotas)
              .map(([code, n]) => `${code} × ${n}`)
              .join('，')}
          </Descriptions.Item>
          <Descriptions.Item label={t('adminBeacon')}>{batch.beacon ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('adminCommitment')} span={2}>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {batch.commitment}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {batch.state === 'scheduled' && !batch.beacon && <BeaconForm batch={batch} />}
        {progress.shown && <BatchProgressBar shown={progress.shown} />}
        {batch.state !== 'scheduled' && <BatchReport batchId={batch.id} />}
      </Space>
    </Card>
  );
}
