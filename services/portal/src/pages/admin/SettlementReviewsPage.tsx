import { useState } from 'react';
import { Space } from 'antd';
import { redemptionStates, type RedemptionState, type Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { FilterSelect, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { settlementStates } from './pending-counts.ts';
import { SettlementQueueTable } from './SettlementQueueTable.tsx';
import { redemptionStateWords } from './settlement-words.ts';

/** SET-3: redemption applications by state; the approver assesses, finance approves payment and records the transfer. */
export function SettlementReviewsPage() {
  const { t } = useLanguage();
  const { user } = useSession();
  const [state, setState] = useState<RedemptionState | undefined>(
    () => settlementStates[(user?.role ?? 'approver') as Role]?.[0],
  );
  const [kind, setKind] = useState<'voucher' | 'general' | undefined>();
  const narrowed = { ...(state ? { state } : {}), ...(kind ? { kind } : {}) };
  const list = usePagedQuery(['admin', 'settlement-reviews', narrowed], (paging) =>
    unwrap(client.GET('/api/v1/settlement/reviews', { params: { query: { ...narrowed, ...paging } } })),
  );
  return (
    <TitledPage title={t('adminSettlementReviews')}>
      <Space wrap>
        <FilterSelect
          placeholder={t('adminState')}
          value={state}
          onChange={setState}
          options={redemptionStates.map((s) => ({ value: s, label: t(redemptionStateWords[s]) }))}
        />
        <FilterSelect
          placeholder={t('kind')}
          value={kind}
          onChange={setKind}
          options={[
            { value: 'voucher', label: t('adminVoucherRedemption') },
            { value: 'general', label: t('adminGeneralVoucher') },
          ]}
        />
      </Space>
      <SettlementQueueTable list={list} queue="redemption" />
    </TitledPage>
  );
}
