import { Button, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { saveBlob, useFileFetch } from '../../api/download.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { CrudTable } from '../../components/CrudTable.tsx';

/** LOT-10: per category, reservations, eligible, winners and quota fill of a batch, and every entry as CSV. */
export function BatchReport({ batchId }: { batchId: string }) {
  const { t } = useLanguage();
  const { busy, run } = useFileFetch<'csv'>();
  const report = useQuery({
    queryKey: ['admin', 'batch-report', batchId],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/batches/{id}/report', { params: { path: { id: batchId } } })),
    select: (found) => ({ items: found.categories }),
  });
  const exportCsv = () =>
    run(
      'csv',
      () =>
        unwrap(
          client.GET('/api/v1/lottery/batches/{id}/report.csv', { params: { path: { id: batchId } }, parseAs: 'blob' }),
        ),
      (csv) => saveBlob(csv, `batch-${batchId}.csv`),
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <CrudTable
        query={report}
        size="small"
        rowKey="category"
        pagination={false}
        data-testid="batch-report"
        columns={[
          { title: t('adminCategoryCode'), dataIndex: 'category' },
          { title: t('adminQuota'), dataIndex: 'quota' },
          { title: t('adminReservations'), dataIndex: 'reservations' },
          { title: t('adminEligible'), dataIndex: 'eligible' },
          {
            title: t('adminWinners'),
            dataIndex: 'winners',
            render: (n: number) => <span data-testid="winners">{n}</span>,
          },
          { title: t('adminFill'), dataIndex: 'fill', render: (f: number) => `${(f * 100).toFixed(1)}%` },
        ]}
      />
      <Button size="small" loading={busy === 'csv'} onClick={() => void exportCsv()} data-testid="report-csv">
        {t('adminExportCsv')}
      </Button>
    </Space>
  );
}
