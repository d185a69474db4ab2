import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { StatsPanel } from './StatsPanel.tsx';

type GroupBy = 'provider' | 'product';

/** SET-6: good, neutral and bad evaluations (ORD-7) by provider or product, with the good rate. */
export function EvaluationStatistics() {
  const { t } = useLanguage();
  const [groupBy, setGroupBy] = useState<GroupBy>('provider');
  const stats = useQuery({
    queryKey: ['admin', 'stats', 'evaluations', groupBy],
    queryFn: () => unwrap(client.GET('/api/v1/stats/evaluations', { params: { query: { groupBy } } })),
  });
  return (
    <StatsPanel
      groupBy={groupBy}
      groups={[
        { value: 'provider', label: t('adminByProvider') },
        { value: 'product', label: t('adminByProduct') },
      ]}
      onGroupBy={setGroupBy}
      exportName={`evaluations-${groupBy}`}
      exportFile={(format) =>
        unwrap(client.GET('/api/v1/stats/evaluations', { params: { query: { groupBy, format } }, parseAs: 'blob' }))
      }
      stats={stats}
      stacked
      series={(rows) => [
        { name: t('adminGood'), values: rows.map((r) => r.good) },
        { name: t('adminNeutral'), values: rows.map((r) => r.neutral) },
        { name: t('adminBad'), values: rows.map((r) => r.bad) },
      ]}
      columns={[
        { title: t(groupBy === 'provider' ? 'adminByProvider' : 'adminByProduct'), dataIndex: 'label' },
        { title: t('adminEvaluationTotal'), dataIndex: 'total' },
        { title: t('adminGood'), dataIndex: 'good' },
        { title: t('adminNeutral'), dataIndex: 'neutral' },
        { title: t('adminBad'), dataIndex: 'bad' },
        { title: t('adminGoodRate'), dataIndex: 'goodRate', render: (r: number) => `${r.toFixed(1)}%` },
      ]}
    />
  );
}
