import { Table, Tag } from 'antd';
import type { Application, RedemptionState } from '@voucher/contracts';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { redemptionStateWords } from './settlement-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

type Summary = Omit<Application, 'lines' | 'history'>;

export const SETTLEMENT_PAGE_SIZE = 20;

/** A page of redemption applications (SET-3/5), each row opening its drawer. */
export function SettlementQueueTable({
  loading,
  items,
  total,
  page,
  onPage,
  onOpen,
}: {
  loading: boolean;
  items: Summary[];
  total: number;
  page: number;
  onPage: (page: number) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useLanguage();
  return (
    <Table<Summary>
      rowKey="id"
      data-testid="settlement-queue"
      loading={loading}
      dataSource={items}
      locale={{ emptyText: t('adminQueueEmpty') }}
      onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' } })}
      pagination={{ current: page, pageSize: SETTLEMENT_PAGE_SIZE, total, onChange: onPage }}
      columns={[
        { title: t('provider'), dataIndex: 'providerName' },
        {
          title: t('kind'),
          dataIndex: 'kind',
          render: (k: Summary['kind']) => t(k === 'general' ? 'adminGeneralVoucher' : 'adminVoucherRedemption'),
        },
        { title: t('amount'), dataIndex: 'amount', render: (fen: number) => `¥${yuan(fen)}` },
        { title: t('adminSubmittedAt'), dataIndex: 'createdAt', render: shanghaiDateTime },
        {
          title: t('adminState'),
          dataIndex: 'state',
          render: (s: RedemptionState) => <Tag>{t(redemptionStateWords[s])}</Tag>,
        },
      ]}
    />
  );
}
