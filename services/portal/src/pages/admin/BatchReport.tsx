import { Button, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { saveBlob, useFileFetch } from '../../api/download.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { LoadError } from './LoadError.tsx';

/** LOT-10: per category, reservations, eligible, winners and quota fill of a batch, and every entry as CSV. */
export function BatchReport({ batchId }: { batchId: string }) {
  const { t } = useLanguage();
  const { busy, run } = useFileFetch<'csv'>();
  const report = useQuery({
    queryKey: ['admin', 'batch-report', batchId],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/batches/{id}/report', { params: { path: { id: batchId } } })),
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
  if (report.isError) return <LoadError error={report.error} retry={() => void report.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="category"
        pagination={false}
        loading={report.isLoading}
        data-testid="batch-report"
        dataSource={report.data?.categories ?? []}
        locale={{ emptyText: t('empty') }}
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
