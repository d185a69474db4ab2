import { Tabs, Tag } from 'antd';
import { voucherStates } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';
import { CrudTable, usePagedQuery } from '../components/CrudTable.tsx';
import { yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';
import { shanghaiDate, shanghaiDateTime } from '../format/time.ts';
import { TodoPanel } from '../components/TodoPanel.tsx';

type VoucherState = (typeof voucherStates)[number];

function Vouchers({ state }: { state: VoucherState }) {
  const { t } = useLanguage();
  const list = usePagedQuery(['vouchers', state], (query) =>
    unwrap(client.GET('/api/v1/wallet/vouchers', { params: { query: { state, ...query } } })),
  );
  return (
    <CrudTable
      {...list}
      rowKey="id"
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
  const list = usePagedQuery(['ledger'], (query) => unwrap(client.GET('/api/v1/wallet/ledger', { params: { query } })));
  return (
    <CrudTable
      {...list}
      rowKey="id"
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
