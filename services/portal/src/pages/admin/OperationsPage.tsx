import { useState } from 'react';
import { Alert, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { paths } from '../../api/schema';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { CrudTable } from '../../components/CrudTable.tsx';
import { LoadError } from '../../components/ErrorAlerts.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type Operations = paths['/api/v1/admin/operations']['get']['responses'][200]['content']['application/json'];
type ServiceState = Operations['services'][number];
type Replica = ServiceState['replicas'][number];

/** The processes report every 5 s: the page asks as often while it is open, and not at all once closed. */
const REFRESH_MS = 5_000;

/** One row per replica; a service with none still has its row, so a whole service down shows. */
interface Row {
  key: string;
  service: ServiceState;
  replica: Replica | undefined;
  /** the service's cells span its replicas' rows: 0 on all but the first */
  span: number;
}

function rowsOf(data: Operations): Row[] {
  return data.services.flatMap((service): Row[] =>
    service.replicas.length === 0
      ? [{ key: service.service, service, replica: undefined, span: 1 }]
      : service.replicas.map((replica, i) => ({
          key: `${service.service}:${replica.instance}`,
          service,
          replica,
          span: i === 0 ? service.replicas.length : 0,
        })),
  );
}

function uptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const clock = new Date((seconds % 86_400) * 1000).toISOString().slice(11, 19);
  return d > 0 ? `${d}d ${clock}` : clock;
}

function StatusTag({ replica }: { replica: Replica | undefined }) {
  const { t } = useLanguage();
  if (!replica) return <Tag color="red">{t('adminOpsNoReplica')}</Tag>;
  const [color, word] =
    replica.status === 'ok'
      ? ['green', t('adminOpsOk')]
      : replica.status === 'degraded'
        ? ['orange', t('adminOpsDegraded')]
        : ['default', t('adminOpsStale')];
  return <Tag color={color}>{word}</Tag>;
}

function FailedRequestLookup() {
  const { t } = useLanguage();
  const [requestId, setRequestId] = useState('');
  const found = useQuery({
    queryKey: ['admin', 'failed-request', requestId],
    queryFn: () => unwrap(client.GET('/api/v1/admin/requests/{requestId}', { params: { path: { requestId } } })),
    enabled: requestId !== '',
    retry: false,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('adminOpsLookup')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('adminOpsLookupHint')}</Typography.Text>
      <Input.Search
        data-testid="request-id"
        placeholder={t('adminOpsRequestId')}
        enterButton={t('adminOpsFind')}
        style={{ maxWidth: 520 }}
        onSearch={(value) => setRequestId(value.trim())}
      />
      {found.isError &&
        (found.error instanceof ApiError && found.error.code === 'NOT_FOUND' ? (
          <Alert type="info" showIcon title={t('adminOpsRequestUnknown')} data-testid="request-unknown" />
        ) : (
          <LoadError error={found.error} retry={() => void found.refetch()} />
        ))}
      {found.data && (
        <Descriptions size="small" column={1} bordered data-testid="failed-request">
          <Descriptions.Item label={t('adminOpsRequestId')}>{found.data.requestId}</Descriptions.Item>
          <Descriptions.Item label={t('adminOpsRoute')}>
            {found.data.method} {found.data.route}
          </Descriptions.Item>
          <Descriptions.Item label={t('adminOpsHttpStatus')}>{found.data.status}</Descriptions.Item>
          <Descriptions.Item label={t('adminOpsAt')}>{shanghaiDateTime(found.data.at)}</Descriptions.Item>
          <Descriptions.Item label={t('adminOpsTrace')}>
            {found.data.traceUrl ? (
              <Typography.Link href={found.data.traceUrl} target="_blank" rel="noreferrer" data-testid="trace-link">
                {found.data.traceId}
              </Typography.Link>
            ) : found.data.traceId ? (
              <Typography.Text copyable code data-testid="trace-id">
                {found.data.traceId}
              </Typography.Text>
            ) : (
              t('adminOpsNoTrace')
            )}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}

/**
 * Issue 19 item 4: the operations console. Every process's own report (its
 * health, its outbox, its consumers' lag) per service and replica, kept
 * current while the page is open; and a failed request found by the request
 * id a user quotes, with the link to its trace.
 */
export function OperationsPage() {
  const { t } = useLanguage();
  const fleet = useQuery({
    queryKey: ['admin', 'operations'],
    queryFn: () => unwrap(client.GET('/api/v1/admin/operations')),
    select: (data) => ({ items: rowsOf(data) }),
    refetchInterval: REFRESH_MS,
  });
  const serviceCell = (row: Row) => ({ rowSpan: row.span });
  return (
    <TitledPage title={t('adminOperations')}>
      <Typography.Paragraph type="secondary">{t('adminOperationsHint')}</Typography.Paragraph>
      <CrudTable
        query={fleet}
        rowKey="key"
        size="small"
        bordered
        data-testid="fleet"
        pagination={false}
        columns={[
          { title: t('adminOpsService'), render: (_, row) => row.service.service, onCell: serviceCell },
          {
            title: t('adminOpsReplica'),
            render: (_, row) => <Typography.Text code>{row.replica?.instance ?? '—'}</Typography.Text>,
          },
          { title: t('adminOpsStatus'), render: (_, row) => <StatusTag replica={row.replica} /> },
          {
            title: t('adminOpsChecks'),
            render: (_, row) =>
              Object.entries(row.replica?.checks ?? {}).map(([name, state]) => (
                <Tag key={name} color={state === 'ok' ? 'green' : 'red'}>
                  {name}
                </Tag>
              )),
          },
          { title: t('adminOpsUptime'), render: (_, row) => (row.replica ? uptime(row.replica.uptimeSeconds) : '—') },
          { title: t('adminOpsVersion'), render: (_, row) => row.replica?.version ?? '—' },
          {
            title: t('adminOpsOutbox'),
            onCell: serviceCell,
            render: (_, row) =>
              row.service.outbox
                ? `${row.service.outbox.rows} / ${row.service.outbox.oldestAgeSeconds.toFixed(1)} s`
                : '—',
          },
          {
            title: t('adminOpsConsumers'),
            onCell: serviceCell,
            render: (_, row) =>
              row.service.consumers.length === 0 ? (
                '—'
              ) : (
                <Space direction="vertical" size={0}>
                  {row.service.consumers.map((c) => (
                    <Typography.Text key={c.consumer}>
                      <Typography.Text code>{c.consumer}</Typography.Text> {c.pending} / {c.ackPending} /{' '}
                      {c.redelivered}
                    </Typography.Text>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      <FailedRequestLookup />
    </TitledPage>
  );
}
