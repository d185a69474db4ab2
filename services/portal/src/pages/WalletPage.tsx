import { useState } from 'react';
import { Result, Table, Tabs, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { voucherStates } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';
import { yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';
import { shanghaiDate, shanghaiDateTime } from '../format/time.ts';
import { TodoPanel } from '../components/TodoPanel.tsx';

const PAGE_SIZE = 20;

type VoucherState = (typeof voucherStates)[number];

function Vouchers({ state }: { state: VoucherState }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['vouchers', state, page],
    queryFn: () =>
      unwrap(client.GET('/api/v1/wallet/vouchers', { params: { query: { state, page, pageSize: PAGE_SIZE } } })),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('empty') }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
      data-testid={`vouchers-${state}`}
      columns={[
        { title: t('voucherNumber'), dataIndex: 'number' },
        { title: t('acceptedCategories'), dataIndex: 'categoryName' },
        { title: `${t('faceValue')}（${t('yuan')}）`, dataIndex: 'faceValue', render: (v: number) => yuan(v) },
        { title: `${t('balance')}（${t('yuan')}）`, dataIndex: 'balance', render: (v: number) => yuan(v) },
        { title: t('validUntil'), dataIndex: 'expiresAt', render: (v: string) => shanghaiDate(v) },
        { title: '', dataIndex: 'state', render: (v: VoucherState) => <Tag>{t(v)}</Tag> },
      ]}
    />
  );
}

function Bills() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['ledger', page],
    queryFn: () => unwrap(client.GET('/api/v1/wallet/ledger', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('empty') }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
      columns={[
        { title: t('time'), dataIndex: 'at', render: (v: string) => shanghaiDateTime(v) },
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

/** WAL-1/3 (seed 003 §4.3 我的券包, §4.5 账单管理): the voucher bag by state, and the bills. */
export function WalletPage() {
  const { t } = useLanguage();
  return (
    <>
      <TodoPanel />
      <Tabs
        items={[
          ...voucherStates.map((s) => ({ key: s, label: t(s), children: <Vouchers state={s} /> })),
          { key: 'bills', label: t('bills'), children: <Bills /> },
        ]}
      />
    </>
  );
}
