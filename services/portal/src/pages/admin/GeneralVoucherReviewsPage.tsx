import { useState } from 'react';
import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { LoadError } from './LoadError.tsx';
import { SettlementApplicationDrawer } from './SettlementApplicationDrawer.tsx';
import { SETTLEMENT_PAGE_SIZE, SettlementQueueTable } from './SettlementQueueTable.tsx';

/** SET-5: general-voucher applications waiting for an operator, who approves (then SET-3's payment steps) or rejects. */
export function GeneralVoucherReviewsPage() {
  const { t } = useLanguage();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const queue = useQuery({
    queryKey: ['admin', 'general-voucher-reviews', page],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/settlement/general-vouchers/reviews', {
          params: { query: { page, pageSize: SETTLEMENT_PAGE_SIZE } },
        }),
      ),
  });
  return (
    <>
      <Typography.Title level={4}>{t('adminGeneralVoucherReviews')}</Typography.Title>
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
      <SettlementApplicationDrawer id={open} queue="general" onClose={() => setOpen(null)} />
    </>
  );
}
