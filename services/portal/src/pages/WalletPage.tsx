import { Table, Tabs, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap, yuan } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';

type VoucherState = 'available' | 'used' | 'expired' | 'reclaimed';

function Vouchers({ state }: { state: VoucherState }) {
  const { t } = useLanguage();
  const list = useQuery({
    queryKey: ['vouchers', state],
    queryFn: () =>
      unwrap(client.GET('/api/v1/wallet/vouchers', { params: { query: { state, page: 1, pageSize: 100 } } })),
  });
  return (
    <Table
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      pagination={false}
      data-testid={`vouchers-${state}`}
      columns={[
        { title: t('voucherNumber'), dataIndex: 'number' },
        { title: t('acceptedCategories'), dataIndex: 'categoryName' },
        { title: `${t('faceValue')}（${t('yuan')}）`, dataIndex: 'faceValue', render: (v: number) => yuan(v) },
        { title: `${t('balance')}（${t('yuan')}）`, dataIndex: 'balance', render: (v: number) => yuan(v) },
        { title: t('validUntil'), dataIndex: 'expiresAt', render: (v: string) => v.slice(0, 10) },
        { title: '', dataIndex: 'state', render: (v: VoucherState) => <Tag>{t(v)}</Tag> },
      ]}
    />
  );
}

function Bills() {
  const { t } = useLanguage();
  const list = useQuery({
    queryKey: ['ledger'],
    queryFn: () => unwrap(client.GET('/api/v1/wallet/ledger', { params: { query: { page: 1, pageSize: 100 } } })),
  });
  return (
    <Table
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      pagination={false}
      columns={[
        { title: t('time'), dataIndex: 'at', render: (v: string) => v.slice(0, 19).replace('T', ' ') },
        { title: t('voucherNumber'), dataIndex: 'voucherNumber' },
        { title: t('kind'), dataIndex: 'note' },
        {
          title: `${t('amount')}（${t('yuan')}）`,
          dataIndex: 'amount',
          render: (v: number) => (
            <span style={{ color: v < 0 ? '#cf1322' : '#389e0d' }}>{v > 0 ? `+${yuan(v)}` : yuan(v)}</span>
          ),
        },
        { title: `${t('balance')}（${t('yuan')}）`, dataIndex: 'balanceAfter', render: (v: number) => yuan(v) },
      ]}
    />
  );
}

/** WAL-1/3 (seed 003 §4.3): the voucher bag by state, and the bills. */
export function WalletPage() {
  const { t } = useLanguage();
  return (
    <Tabs
      items={[
        ...(['available', 'used', 'expired', 'reclaimed'] as const).map((s) => ({
          key: s,
          label: t(s),
          children: <Vouchers state={s} />,
        })),
        { key: 'bills', label: t('bills'), children: <Bills /> },
      ]}
    />
  );
}
