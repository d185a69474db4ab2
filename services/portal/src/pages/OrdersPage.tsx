import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { OrderState } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';
import { CrudTable, usePagedQuery } from '../components/CrudTable.tsx';
import { yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';
import { orderStateWords } from './enterprise/order-state-words.ts';
import { shanghaiDateTime } from '../format/time.ts';

/** ORD-2 (seed 003 §4.7 我的订单): my orders, newest first, with where each stands. */
export function OrdersPage() {
  const { t } = useLanguage();
  const list = usePagedQuery(['orders'], (query) => unwrap(client.GET('/api/v1/orders/mine', { params: { query } })));
  return (
    <CrudTable
      {...list}
      rowKey="id"
      empty={t('noOrders')}
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
