import { Card, Descriptions, Result, Skeleton, Space, Tag, Timeline } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import type { OrderState } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';
import { yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';
import { OrderActions } from './enterprise/OrderActions.tsx';
import { OrderEvaluationCard } from './enterprise/OrderEvaluationCard.tsx';
import { ServiceRecordsCard } from './enterprise/ServiceRecordsCard.tsx';
import { historyActionWords, orderStateWords } from './enterprise/order-state-words.ts';
import { shanghaiDateTime } from '../format/time.ts';

/** ORD-2..7 for the enterprise: the order, its next steps, service records, evaluation and history. */
export function OrderPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { id } = useParams<{ id: string }>();
  const queries = useQueryClient();
  const order = useQuery({
    queryKey: ['order', id],
    queryFn: () => unwrap(client.GET('/api/v1/orders/{id}', { params: { path: { id: id! } } })),
  });
  const changed = () => {
    void queries.invalidateQueries({ queryKey: ['order', id] });
    void queries.invalidateQueries({ queryKey: ['orders'] });
    void queries.invalidateQueries({ queryKey: ['vouchers'] });
  };
  if (order.isLoading) return <Skeleton active />;
  if (order.error) return <Result status="404" title={describe(order.error)} />;
  const o = order.data!;
  // a step that moved the order says where to; one that left it where it was says what happened
  const stepText = (h: (typeof o.history)[number]) => {
    const action = historyActionWords[h.action];
    if (h.to && h.to in orderStateWords && (h.to !== h.from || !action)) return t(orderStateWords[h.to as OrderState]);
    return action ? t(action) : h.action;
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={`${t('orderNo')} ${o.orderNo}`}
        extra={<Tag data-testid="order-state">{t(orderStateWords[o.state])}</Tag>}
      >
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label={t('orderProduct')}>{o.productName}</Descriptions.Item>
          <Descriptions.Item label={t('provider')}>{o.providerName}</Descriptions.Item>
          <Descriptions.Item label={t('spec')}>
            {o.specName} × {o.quantity}
          </Descriptions.Item>
          <Descriptions.Item label={t('orderedAt')}>{shanghaiDateTime(o.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('orderAmount')}>¥{yuan(o.totalAmount)}</Descriptions.Item>
          <Descriptions.Item label={t('voucherDeduction')}>¥{yuan(o.voucherAmount)}</Descriptions.Item>
          <Descriptions.Item label={t('cashDue')}>¥{yuan(o.cashDue)}</Descriptions.Item>
          <Descriptions.Item label={t('receipts')}>
            {o.cashDue > 0 ? `${o.receipts.length} / 3` : t('noReceiptNeeded')}
          </Descriptions.Item>
          <Descriptions.Item label={t('contract')}>
            {o.contractFileId ? t('uploaded') : t('notUploaded')}
          </Descriptions.Item>
          {o.message && <Descriptions.Item label={t('messageToSeller')}>{o.message}</Descriptions.Item>}
          {o.cancelReason && <Descriptions.Item label={t('cancelReason')}>{o.cancelReason}</Descriptions.Item>}
        </Descriptions>
        <div style={{ marginTop: 16 }}>
          <OrderActions order={o} onChanged={changed} />
        </div>
      </Card>
      <ServiceRecordsCard order={o} onChanged={changed} />
      <OrderEvaluationCard order={o} onChanged={changed} />
      <Card title={t('orderProgress')}>
        <Timeline
          items={o.history.map((h) => ({
            children: `${shanghaiDateTime(h.at)} ${stepText(h)}${h.reason ? `（${h.reason}）` : ''}`,
          }))}
        />
      </Card>
    </Space>
  );
}
