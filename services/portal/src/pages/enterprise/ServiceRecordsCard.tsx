import { useState } from 'react';
import { Alert, Button, Card, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { orders } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { ServiceRecordEvaluation, scoreWords } from './ServiceRecordEvaluation.tsx';
import type { Reply } from './api-shapes.ts';
import { shanghaiDateTime } from '../../format/time.ts';

type Order = Reply<'/api/v1/orders/{id}'>;
type ServiceRecord = Order['serviceRecords'][number];

/** ORD-6: service is asked for and recorded while the order is under way. */
const UNDER_WAY = new Set<Order['state']>(['accepted', 'in_service', 'delivered']);
const serviceRequest = orders.requestService.request.omit({ id: true });

/** ORD-6: asks the provider to come again, with a note of what for. */
function ServiceRequestButton({ orderId, onDone }: { orderId: string; onDone(): void }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const ask = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/v1/orders/{id}/service-requests', {
          params: { path: { id: orderId } },
          body: serviceRequest.parse({ note }),
        }),
      ),
    onSuccess: () => {
      setOpen(false);
      setNote('');
      onDone();
    },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('requestService')}</Button>
      <Modal
        open={open}
        title={t('requestService')}
        onCancel={() => setOpen(false)}
        onOk={() => ask.mutate()}
        okButtonProps={{ disabled: !serviceRequest.safeParse({ note }).success, loading: ask.isPending }}
      >
        <Form layout="vertical">
          <Form.Item label={t('requestNote')}>
            <Input.TextArea maxLength={500} showCount value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
        {ask.error && <Alert type="error" title={describe(ask.error)} />}
      </Modal>
    </>
  );
}

/** A record's evaluation as given, or the button to give it. */
function RecordEvaluationCell({ record, onEvaluate }: { record: ServiceRecord; onEvaluate(): void }) {
  const { t } = useLanguage();
  if (!record.evaluation)
    return (
      <Button size="small" type="primary" onClick={onEvaluate} data-testid="evaluate-record">
        {t('evaluate')}
      </Button>
    );
  const e = record.evaluation;
  return (
    <Space direction="vertical" size={0} data-testid="record-evaluated">
      <Tag color={e.solved ? 'success' : 'warning'}>{t(e.solved ? 'solved' : 'notSolved')}</Tag>
      <Typography.Text type="secondary">
        {(Object.keys(scoreWords) as (keyof typeof scoreWords)[])
          .map((name) => `${t(scoreWords[name])} ${e.scores[name]}`)
          .join(' · ')}
      </Typography.Text>
    </Space>
  );
}

/** ORD-6 (seed 001 §4): the provider's service visits, each evaluated once by the enterprise, and its requests for service. */
export function ServiceRecordsCard({ order, onChanged }: { order: Order; onChanged(): void }) {
  const { t } = useLanguage();
  const [evaluating, setEvaluating] = useState<string | null>(null);
  return (
    <Card
      title={t('serviceRecords')}
      extra={UNDER_WAY.has(order.state) && <ServiceRequestButton orderId={order.id} onDone={onChanged} />}
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={order.serviceRecords}
        locale={{ emptyText: t('noServiceRecords') }}
        data-testid="service-records"
        columns={[
          { title: t('serviceDate'), dataIndex: 'date' },
          { title: t('engineer'), dataIndex: 'engineer' },
          { title: t('serviceDescription'), dataIndex: 'description' },
          { title: t('remark'), dataIndex: 'remark' },
          {
            title: t('recordEvaluation'),
            key: 'evaluation',
            render: (_: unknown, r: ServiceRecord) => (
              <RecordEvaluationCell record={r} onEvaluate={() => setEvaluating(r.id)} />
            ),
          },
        ]}
      />
      {order.serviceRequests.length > 0 && (
        <List
          style={{ marginTop: 16 }}
          size="small"
          header={t('serviceRequests')}
          dataSource={order.serviceRequests}
          renderItem={(r) => (
            <List.Item>
              {shanghaiDateTime(r.at)} {r.note}
            </List.Item>
          )}
        />
      )}
      {evaluating && (
        <ServiceRecordEvaluation
          orderId={order.id}
          recordId={evaluating}
          open
          onClose={() => setEvaluating(null)}
          onDone={() => {
            setEvaluating(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
