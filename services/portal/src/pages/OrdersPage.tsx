import { Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { client, unwrap, yuan } from '../api/client.ts';
import { orderStateText } from './order-states.ts';

/** ORD-2: my orders, newest first, with where each stands. */
export function OrdersPage() {
  const list = useQuery({
    queryKey: ['orders'],
    queryFn: () => unwrap(client.GET('/api/v1/orders/mine', { params: { query: { page: 1, pageSize: 50 } } })),
  });
  return (
    <Table
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      pagination={false}
      data-testid="orders"
      columns={[
        { title: '订单编号', dataIndex: 'orderNo', render: (v: string, o) => <Link to={`/orders/${o.id}`}>{v}</Link> },
        { title: '商品', dataIndex: 'productName' },
        { title: '订单金额', dataIndex: 'totalAmount', render: (v: number) => `¥${yuan(v)}` },
        { title: '服务券抵扣', dataIndex: 'voucherAmount', render: (v: number) => `¥${yuan(v)}` },
        { title: '线下支付', dataIndex: 'cashDue', render: (v: number) => `¥${yuan(v)}` },
        { title: '状态', dataIndex: 'state', render: (v: string) => <Tag>{orderStateText[v] ?? v}</Tag> },
      ]}
    />
  );
}
