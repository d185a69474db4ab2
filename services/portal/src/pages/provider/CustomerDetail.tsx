import { Card, Descriptions, List, Result, Space, Spin, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { yuan } from '../../format/money.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { orderStateWords } from './order-state-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

/** ORD-8 (seed 001 §2 查看客户信息): the company's data, what it bought and the service records of each order. */
export function CustomerDetail({ enterpriseId }: { enterpriseId: string }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const detail = useQuery({
    queryKey: ['provider-customer', enterpriseId],
    queryFn: () =>
      unwrap(client.GET('/api/v1/provider/customers/{enterpriseId}', { params: { path: { enterpriseId } } })),
  });
  if (detail.isLoading) return <Spin />;
  if (detail.error || !detail.data) return <Result status="error" title={describe(detail.error)} />;
  const c = detail.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customer-detail">
      <Descriptions title={t('companyInfo')} bordered size="small" column={2}>
        <Descriptions.Item label={t('customerCompany')}>{c.companyName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('orgCreditCode')}>{c.creditCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('customerDistrict')}>{c.district ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('customerCity')}>{c.city ?? '—'}</Descriptions.Item>
      </Descriptions>
      {c.purchases.map((o) => (
        <Card
          key={o.id}
          size="small"
          title={`${o.productName} · ${o.specName} × ${o.quantity}`}
          extra={<Tag>{t(orderStateWords[o.state])}</Tag>}
        >
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('wbOrderNo')}>{o.orderNo}</Descriptions.Item>
            <Descriptions.Item label={t('orderTotal')}>¥{yuan(o.totalAmount)}</Descriptions.Item>
            <Descriptions.Item label={t('deductedAmount')}>¥{yuan(o.voucherAmount)}</Descriptions.Item>
            <Descriptions.Item label={t('wbOrderedAt')}>{shanghaiDateTime(o.createdAt)}</Descriptions.Item>
          </Descriptions>
          <List
            size="small"
            header={t('wbServiceRecords')}
            locale={{ emptyText: t('empty') }}
            dataSource={o.serviceRecords}
            renderItem={(r) => (
              <List.Item>
                {`${r.date} · ${r.engineer} · ${r.description}${r.remark ? `（${r.remark}）` : ''}`}
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Space>
  );
}
