import { useState } from 'react';
import { Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { redemptionStates, type RedemptionState, type Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { LoadError } from './LoadError.tsx';
import { settlementStates } from './pending-counts.ts';
import { SettlementApplicationDrawer } from './SettlementApplicationDrawer.tsx';
import { SETTLEMENT_PAGE_SIZE, SettlementQueueTable } from './SettlementQueueTable.tsx';
import { redemptionStateWords } from './settlement-words.ts';

/** SET-3: redemption applications by state; the approver assesses, finance approves payment and records the transfer. */
export function SettlementReviewsPage() {
  const { t } = useLanguage();
  const { user } = useSession();
  const [state, setState] = useState<RedemptionState | undefined>(
    () => settlementStates[(user?.role ?? 'approver') as Role]?.[0],
  );
  const [kind, setKind] = useState<'voucher' | 'general' | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const query = { page, pageSize: SETTLEMENT_PAGE_SIZE, ...(state ? { state } : {}), ...(kind ? { kind } : {}) };
  const queue = useQuery({
    queryKey: ['admin', 'settlement-reviews', query],
    queryFn: () => unwrap(client.GET('/api/v1/settlement/reviews', { params: { query } })),
  });
  return (
    <>
      <Typography.Title level={4}>{t('adminSettlementReviews')}</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('adminState')}
          value={state}
          onChange={(s) => {
            setState(s);
            setPage(1);
          }}
          options={redemptionStates.map((s) => ({ value: s, label: t(redemptionStateWords[s]) }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('kind')}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setPage(1);
          }}
          options={[
            { value: 'voucher', label: t('adminVoucherRedemption') },
            { value: 'general', label: t('adminGeneralVoucher') },
          ]}
        />
      </Space>
      {queue.isError ? (
        <LoadError error={queue.error} retry={() => void queue.refetch()} />
      ) : (
        <SettlementQueueTable
          loading={queue.isLoading}
          items={queue.data?.items ?? []}
          total={queue.data?.total ?? 0}
          page={page}
          onPage={setPage}
          onOpen={setOpen}
        />
      )}
      <SettlementApplicationDrawer id={open} queue="redemption" onClose={() => setOpen(null)} />
    </>
  );
}
