import { useMemo, useState } from 'react';
import { DatePicker, Empty, Segmented, Space, Spin, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { client, unwrap } from '../../api/client.ts';
import { toYuan, yuan } from '../../format/money.ts';
import type { paths } from '../../api/schema';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { BarChart } from './BarChart.tsx';
import { LoadError } from './LoadError.tsx';
import { apiDate } from '../../format/time.ts';
import { StatsExportButtons } from './StatsExportButtons.tsx';

type Row = paths['/api/v1/stats/vouchers']['get']['responses'][200]['content']['application/json']['rows'][number];
type GroupBy = 'category' | 'district' | 'provider' | 'month';

const groupWords: Record<GroupBy, MessageKey> = {
  category: 'adminByCategory',
  district: 'adminByDistrict',
  provider: 'adminByProvider',
  month: 'adminByMonth',
};

const money = (fen: number) => `¥${yuan(fen)}`;

/** SET-6: vouchers issued, used, redeemed, forfeited, expired and reclaimed, grouped four ways, over a date range. */
export function VoucherStatistics() {
  const { t } = useLanguage();
  const [groupBy, setGroupBy] = useState<GroupBy>('category');
  const [dates, setDates] = useState<[Dayjs, Dayjs] | null>(null);
  const query = { groupBy, ...(dates ? { from: apiDate(dates[0]), to: apiDate(dates[1]) } : {}) };
  const stats = useQuery({
    queryKey: ['admin', 'stats', 'vouchers', query],
    queryFn: () => unwrap(client.GET('/api/v1/stats/vouchers', { params: { query } })),
  });
  const rows = useMemo(() => stats.data?.rows ?? [], [stats.data]);
  const series = useMemo(
    () => [
      { name: t('adminIssued'), values: rows.map((r) => toYuan(r.issued)) },
      { name: t('adminUsed'), values: rows.map((r) => toYuan(r.used)) },
      { name: t('adminRedeemed'), values: rows.map((r) => toYuan(r.redeemed)) },
    ],
    [rows, t],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={groupBy}
          onChange={(g) => setGroupBy(g as GroupBy)}
          options={(Object.keys(groupWords) as GroupBy[]).map((g) => ({ value: g, label: t(groupWords[g]) }))}
        />
        <DatePicker.RangePicker onChange={(range) => setDates(range?.[0] && range[1] ? [range[0], range[1]] : null)} />
        <StatsExportButtons
          name={`vouchers-${groupBy}`}
          fetchFile={(format) =>
            unwrap(client.GET('/api/v1/stats/vouchers', { params: { query: { ...query, format } }, parseAs: 'blob' }))
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
          <BarChart labels={rows.map((r) => r.label)} series={series} />
          <Table<Row>
            size="small"
            rowKey="key"
            dataSource={rows}
            pagination={false}
            data-testid="voucher-stats"
            columns={[
              { title: t(groupWords[groupBy]), dataIndex: 'label' },
              { title: t('adminIssuedCount'), dataIndex: 'issuedCount' },
              { title: t('adminIssued'), dataIndex: 'issued', render: money },
              { title: t('adminUsed'), dataIndex: 'used', render: money },
              { title: t('adminRedeemed'), dataIndex: 'redeemed', render: money },
              { title: t('adminForfeited'), dataIndex: 'forfeited', render: money },
              { title: t('adminExpired'), dataIndex: 'expired', render: money },
              { title: t('adminReclaimed'), dataIndex: 'reclaimed', render: money },
            ]}
          />
        </>
      )}
    </Space>
  );
}
