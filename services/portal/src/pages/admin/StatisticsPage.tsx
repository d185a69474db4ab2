import { Alert, Tabs } from 'antd';
import { useSession } from '../../auth/session.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { EvaluationStatistics } from './EvaluationStatistics.tsx';
import { VoucherStatistics } from './VoucherStatistics.tsx';

/** SET-6 statistics; a district officer's figures are its district's only (the server narrows them). */
export function StatisticsPage() {
  const { t } = useLanguage();
  const { user } = useSession();
  return (
    <TitledPage title={t('adminStatistics')}>
      {user?.role === 'district_officer' && <Alert type="info" showIcon title={t('adminOwnDistrictOnly')} />}
      <Tabs
        items={[
          { key: 'vouchers', label: t('adminVoucherStatistics'), children: <VoucherStatistics /> },
          { key: 'evaluations', label: t('adminEvaluationStatistics'), children: <EvaluationStatistics /> },
        ]}
      />
    </TitledPage>
  );
}
