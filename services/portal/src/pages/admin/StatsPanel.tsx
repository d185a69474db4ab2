import type { ReactNode } from 'react';
import { Empty, Segmented, Space, Spin, Table, type TableColumnsType } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { LoadError } from '../../components/ErrorAlerts.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { BarChart, type BarSeriesData } from './BarChart.tsx';
import { StatsExportButtons } from './StatsExportButtons.tsx';

/**
 * SET-6: one kind of figures, grouped one of several ways (`groupBy`) and narrowed by any `filters`, as bars and as a
 * table row by row, and exported as the server writes them (`exportFile`).
 */
export function StatsPanel<G extends string, R extends { key: string; label: string }>({
  groupBy,
  groups,
  onGroupBy,
  filters,
  exportName,
  exportFile,
  stats,
  series,
  stacked,
  columns,
  testId,
}: {
  groupBy: G;
  groups: { value: G; label: string }[];
  onGroupBy: (group: G) => void;
  filters?: ReactNode;
  /** the exported file's name, before its format's ending */
  exportName: string;
  exportFile: (format: 'csv' | 'xlsx') => Promise<Blob>;
  stats: UseQueryResult<{ rows: R[] }>;
  /** the bars of each row, by what they count */
  series: (rows: R[]) => BarSeriesData[];
  stacked?: boolean;
  columns: TableColumnsType<R>;
  testId?: string;
}) {
  const { t } = useLanguage();
  const rows = stats.data?.rows ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented value={groupBy} onChange={(g) => onGroupBy(g as G)} options={groups} />
        {filters}
        <StatsExportButtons name={exportName} fetchFile={exportFile} />
      </Space>
      {stats.isError ? (
        <LoadError error={stats.error} retry={() => void stats.refetch()} />
      ) : stats.isLoading ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : rows.length === 0 ? (
        <Empty description={t('empty')} />
      ) : (
        <>
          <BarChart labels={rows.map((r) => r.label)} series={series(rows)} stacked={stacked} />
          <Table<R>
            size="small"
            rowKey="key"
            dataSource={rows}
            pagination={false}
            columns={columns}
            data-testid={testId}
          />
        </>
      )}
    </Space>
  );
}
