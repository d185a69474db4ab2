import { Alert, Tabs, Typography } from 'antd';
import { useSession } from '../../auth/session.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { EvaluationStatistics } from './EvaluationStatistics.tsx';
import { VoucherStatistics } from './VoucherStatistics.tsx';

/** SET-6 statistics; a district officer's figures are its district's only (the server narrows them). */
export function StatisticsPage() {
  const { t } = useLanguage();
  const { user } = useSession();
  return (
    <>
      <Typography.Title level={4}>{t('adminStatistics')}</Typography.Title>
      {user?.role === 'district_officer' && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('adminOwnDistrictOnly')} />
      )}
      <Tabs
        items={[
          { key: 'vouchers', label: t('adminVoucherStatistics'), children: <VoucherStatistics /> },
          { key: 'evaluations', label: t('adminEvaluationStatistics'), children: <EvaluationStatistics /> },
        ]}
      />
    </>
  );
}
