import { useState } from 'react';
import { Tag } from 'antd';
import type { Application, RedemptionState } from '@voucher/contracts';
import { CrudTable, type PagedList } from '../../components/CrudTable.tsx';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { SettlementApplicationDrawer } from './SettlementApplicationDrawer.tsx';
import { redemptionStateWords } from './settlement-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

type Summary = Omit<Application, 'lines' | 'history'>;

/** A queue of redemption applications (SET-3/5), a page at a time, each row opening its drawer. */
export function SettlementQueueTable({
  list,
  queue,
}: {
  list: PagedList<{ items: Summary[]; total: number }>;
  queue: 'redemption' | 'general';
}) {
  const { t } = useLanguage();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <CrudTable
        {...list}
        rowKey="id"
        data-testid="settlement-queue"
        empty={t('adminQueueEmpty')}
        onRow={(row) => ({ onClick: () => setOpen(row.id), style: { cursor: 'pointer' } })}
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
      <SettlementApplicationDrawer id={open} queue={queue} onClose={() => setOpen(null)} />
    </>
  );
}
