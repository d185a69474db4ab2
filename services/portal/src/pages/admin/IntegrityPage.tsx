import { Button, Descriptions, Result, Spin, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { paths } from '../../api/schema';
import { client, unwrap } from '../../api/client.ts';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { LoadError } from '../../components/ErrorAlerts.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type Report = paths['/api/v1/admin/wallet/integrity']['get']['responses'][200]['content']['application/json'];
type Mismatch = Report['mismatches'][number];

const totalWords: Record<keyof Report['totals'], MessageKey> = {
  issued: 'adminIssued',
  balances: 'adminBalances',
  paid: 'adminPaid',
  refunded: 'adminRefunded',
  forfeited: 'adminForfeited',
  expired: 'adminExpired',
  reclaimed: 'adminReclaimed',
};

/**
 * WAL-3: the ledger's identities checked now: every voucher's entries sum to its balance, and
 * issued = balances + paid − refunded + forfeited + expired + reclaimed.
 */
export function IntegrityPage() {
  const { t } = useLanguage();
  const check = useQuery({
    queryKey: ['admin', 'integrity'],
    queryFn: () => unwrap(client.GET('/api/v1/admin/wallet/integrity')),
  });
  if (check.isLoading) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (check.isError) return <LoadError error={check.error} retry={() => void check.refetch()} />;
  const report = check.data!;
  return (
    <TitledPage title={t('adminIntegrity')}>
      <Result
        status={report.ok ? 'success' : 'error'}
        title={
          <span data-testid="integrity-verdict">{t(report.ok ? 'adminIntegrityOk' : 'adminIntegrityBroken')}</span>
        }
        subTitle={`${t('adminCheckedAt')} ${shanghaiDateTime(report.checkedAt)} · ${t('adminVouchersChecked')} ${report.vouchers}`}
        extra={
          <Button onClick={() => void check.refetch()} loading={check.isFetching}>
            {t('adminCheckAgain')}
          </Button>
        }
      />
      <Descriptions bordered size="small" column={2}>
        {(Object.keys(totalWords) as (keyof Report['totals'])[]).map((k) => (
          <Descriptions.Item key={k} label={t(totalWords[k])}>
            ¥{yuan(report.totals[k])}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {report.mismatches.length > 0 && (
        <Table<Mismatch>
          rowKey={(m) => `${m.voucherId}:${m.problem}`}
          size="small"
          data-testid="mismatches"
          dataSource={report.mismatches}
          columns={[
            { title: t('adminVoucherId'), dataIndex: 'voucherId' },
            { title: t('adminProblem'), dataIndex: 'problem' },
          ]}
        />
      )}
    </TitledPage>
  );
}
