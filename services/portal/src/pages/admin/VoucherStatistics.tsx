import { useState } from 'react';
import { DatePicker } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { client, unwrap } from '../../api/client.ts';
import { toYuan, yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { apiDate } from '../../format/time.ts';
import { StatsPanel } from './StatsPanel.tsx';

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
  return (
    <StatsPanel
      groupBy={groupBy}
      groups={(Object.keys(groupWords) as GroupBy[]).map((g) => ({ value: g, label: t(groupWords[g]) }))}
      onGroupBy={setGroupBy}
      filters={
        <DatePicker.RangePicker onChange={(range) => setDates(range?.[0] && range[1] ? [range[0], range[1]] : null)} />
      }
      exportName={`vouchers-${groupBy}`}
      exportFile={(format) =>
        unwrap(client.GET('/api/v1/stats/vouchers', { params: { query: { ...query, format } }, parseAs: 'blob' }))
      }
      stats={stats}
      series={(rows) => [
        { name: t('adminIssued'), values: rows.map((r) => toYuan(r.issued)) },
        { name: t('adminUsed'), values: rows.map((r) => toYuan(r.used)) },
        { name: t('adminRedeemed'), values: rows.map((r) => toYuan(r.redeemed)) },
      ]}
      testId="voucher-stats"
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
  );
}
