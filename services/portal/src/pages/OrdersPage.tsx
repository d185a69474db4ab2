import { useState } from 'react';
import { Result, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { OrderState } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';
import { yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';
import { orderStateWords } from './enterprise/order-state-words.ts';
import { shanghaiDateTime } from '../format/time.ts';

const PAGE_SIZE = 20;

/** ORD-2 (seed 003 §4.7 我的订单): my orders, newest first, with where each stands. */
export function OrdersPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['orders', page],
    queryFn: () => unwrap(client.GET('/api/v1/orders/mine', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('noOrders') }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
      data-testid="orders"
      columns={[
        {
          title: t('orderNo'),
          dataIndex: 'orderNo',
          render: (v: string, o) => <Link to={`/orders/${o.id}`}>{v}</Link>,
        },
        { title: t('orderProduct'), dataIndex: 'productName' },
        { title: t('orderAmount'), dataIndex: 'totalAmount', render: (v: number) => `¥${yuan(v)}` },
        { title: t('voucherDeduction'), dataIndex: 'voucherAmount', render: (v: number) => `¥${yuan(v)}` },
        { title: t('cashDue'), dataIndex: 'cashDue', render: (v: number) => `¥${yuan(v)}` },
        { title: t('orderedAt'), dataIndex: 'createdAt', render: (v: string) => shanghaiDateTime(v) },
        { title: t('orderState'), dataIndex: 'state', render: (v: OrderState) => <Tag>{t(orderStateWords[v])}</Tag> },
      ]}
    />
  );
}
