import { useMemo, useState } from 'react';
import { Empty, Segmented, Space, Spin, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useLanguage } from '../../i18n/language.tsx';
import { BarChart } from './BarChart.tsx';
import { LoadError } from './LoadError.tsx';
import { StatsExportButtons } from './StatsExportButtons.tsx';

type Row = paths['/api/v1/stats/evaluations']['get']['responses'][200]['content']['application/json']['rows'][number];
type GroupBy = 'provider' | 'product';

/** SET-6: good, neutral and bad evaluations (ORD-7) by provider or product, with the good rate. */
export function EvaluationStatistics() {
  const { t } = useLanguage();
  const [groupBy, setGroupBy] = useState<GroupBy>('provider');
  const stats = useQuery({
    queryKey: ['admin', 'stats', 'evaluations', groupBy],
    queryFn: () => unwrap(client.GET('/api/v1/stats/evaluations', { params: { query: { groupBy } } })),
  });
  const rows = useMemo(() => stats.data?.rows ?? [], [stats.data]);
  const series = useMemo(
    () => [
      { name: t('adminGood'), values: rows.map((r) => r.good) },
      { name: t('adminNeutral'), values: rows.map((r) => r.neutral) },
      { name: t('adminBad'), values: rows.map((r) => r.bad) },
    ],
    [rows, t],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={groupBy}
          onChange={(g) => setGroupBy(g as GroupBy)}
          options={[
            { value: 'provider', label: t('adminByProvider') },
            { value: 'product', label: t('adminByProduct') },
          ]}
        />
        <StatsExportButtons
          name={`evaluations-${groupBy}`}
          fetchFile={(format) =>
            unwrap(client.GET('/api/v1/stats/evaluations', { params: { query: { groupBy, format } }, parseAs: 'blob' }))
          }
        />
      </Space>
      {stats.isError ? (
        <LoadError error={stats.error} retry={() => void stats.refetch()} />
      ) : stats.isLoading ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : rows.length === 0 ? (
        <Empty description={t('empty')} />
      ) : (
        <>
          <BarChart labels={rows.map((r) => r.label)} series={series} stacked />
          <Table<Row>
            size="small"
            rowKey="key"
            dataSource={rows}
            pagination={false}
            columns={[
              { title: t(groupBy === 'provider' ? 'adminByProvider' : 'adminByProduct'), dataIndex: 'label' },
              { title: t('adminEvaluationTotal'), dataIndex: 'total' },
              { title: t('adminGood'), dataIndex: 'good' },
              { title: t('adminNeutral'), dataIndex: 'neutral' },
              { title: t('adminBad'), dataIndex: 'bad' },
              { title: t('adminGoodRate'), dataIndex: 'goodRate', render: (r: number) => `${r.toFixed(1)}%` },
            ]}
          />
        </>
      )}
    </Space>
  );
}
