import { useState } from 'react';
import { Tabs } from 'antd';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { GeneralVoucherPanel } from './GeneralVoucherPanel.tsx';
import { MyApplicationsPanel } from './MyApplicationsPanel.tsx';
import { RedeemablePanel } from './RedeemablePanel.tsx';

/** SET-2..5 (seed 002 1.4.7 服务券管理, seed 004 (六)): redeem voucher payments, follow my applications, general vouchers. */
export function SettlementPage() {
  const { t } = useLanguage();
  const [tab, setTab] = useState('redeemable');
  return (
    <TitledPage level={3} title={t('voucherManagement')}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'redeemable',
            label: t('voucherRedemption'),
            children: <RedeemablePanel onApplied={() => setTab('mine')} />,
          },
          { key: 'mine', label: t('myApplications'), children: <MyApplicationsPanel kind="voucher" /> },
          { key: 'general', label: t('generalVoucherRedemption'), children: <GeneralVoucherPanel /> },
        ]}
      />
    </TitledPage>
  );
}
