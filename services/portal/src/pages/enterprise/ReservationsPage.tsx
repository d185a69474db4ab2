import { Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable } from '../../components/CrudTable.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import type { Reply } from './api-shapes.ts';
import { shanghaiDateTime } from '../../format/time.ts';

type Reservation = Reply<'/api/v1/lottery/reservations/mine'>['items'][number];
type BatchResult = Reservation['results'][number];

const resultWords: Record<BatchResult['result'], MessageKey> = {
  won: 'resultWon',
  lost: 'resultLost',
  pending: 'resultPending',
};
const resultColours: Record<BatchResult['result'], string> = { won: 'success', lost: 'default', pending: 'processing' };
const stateWords: Record<Reservation['state'], MessageKey> = {
  pending: 'reservationPending',
  won: 'reservationWon',
  not_drawn: 'reservationNotDrawn',
  cancelled: 'reservationCancelled',
};

/** Each batch's result, 待公布 until its publication (LOT-7), then 中签 / 未中签 with a link to the public list. */
function BatchResults({ results }: { results: Reservation['results'] }) {
  const { t } = useLanguage();
  return (
    <Space direction="vertical" size={4}>
      {results.map((r, i) => (
        <Space key={r.batchId} data-testid="batch-result" data-result={r.result}>
          <span>{t('batchNo').replace('{n}', String(i + 1))}</span>
          <Tag color={resultColours[r.result]}>{t(resultWords[r.result])}</Tag>
          {r.result !== 'pending' && <Link to={`/publications/${r.batchId}`}>{t('viewPublication')}</Link>}
        </Space>
      ))}
    </Space>
  );
}

/** LOT-3/7 (seed 003 §4.2 预约记录): what I reserved, and per batch whether I won once it is published. */
export function ReservationsPage() {
  const { t } = useLanguage();
  const reservations = useQuery({
    queryKey: ['reservations'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/reservations/mine')),
  });
  const categories = useQuery({
    queryKey: ['categories'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/categories')),
  });
  const nameOf = (code: string) => categories.data?.items.find((c) => c.code === code)?.name ?? code;
  return (
    <CrudTable
      query={reservations}
      rowKey="id"
      empty={t('noReservations')}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="reservations"
      columns={[
        { title: t('campaignName'), dataIndex: 'campaignName' },
        { title: t('voucherCategory'), dataIndex: 'category', render: (code: string) => nameOf(code) },
        { title: t('reservedAt'), dataIndex: 'createdAt', render: (v: string) => shanghaiDateTime(v) },
        {
          title: t('reservationState'),
          dataIndex: 'state',
          render: (s: Reservation['state']) => <Tag data-testid="reservation-state">{t(stateWords[s])}</Tag>,
        },
        {
          title: t('batchResults'),
          dataIndex: 'results',
          render: (results: Reservation['results']) => <BatchResults results={results} />,
        },
      ]}
    />
  );
}
