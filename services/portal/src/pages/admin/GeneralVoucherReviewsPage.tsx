import { client, unwrap } from '../../api/client.ts';
import { usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { SettlementQueueTable } from './SettlementQueueTable.tsx';

/** SET-5: general-voucher applications waiting for an operator, who approves (then SET-3's payment steps) or rejects. */
export function GeneralVoucherReviewsPage() {
  const { t } = useLanguage();
  const list = usePagedQuery(['admin', 'general-voucher-reviews'], (query) =>
    unwrap(client.GET('/api/v1/settlement/general-vouchers/reviews', { params: { query } })),
  );
  return (
    <TitledPage title={t('adminGeneralVoucherReviews')}>
      <SettlementQueueTable list={list} queue="general" />
    </TitledPage>
  );
}
