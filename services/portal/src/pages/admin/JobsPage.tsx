import { useState } from 'react';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api/schema';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { CrudTable, FilterSelect, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type Run = paths['/api/v1/admin/jobs/runs']['get']['responses'][200]['content']['application/json']['items'][number];

function OutcomeTag({ outcome }: { outcome: string | null }) {
  const { t } = useLanguage();
  if (!outcome) return <>—</>;
  const color = outcome === 'ok' ? 'green' : outcome === 'failed' ? 'red' : 'default';
  const word =
    outcome === 'ok' ? t('adminOutcomeOk') : outcome === 'failed' ? t('adminOutcomeFailed') : t('adminOutcomeSkipped');
  return <Tag color={color}>{word}</Tag>;
}

/**
 * DOMAIN §9: the scheduler's jobs with their last outcome, and every run with
 * what it did; an admin may run a job now, after a confirm (409 while it runs).
 */
export function JobsPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [job, setJob] = useState<string | undefined>();
  const jobs = useQuery({ queryKey: ['admin', 'jobs'], queryFn: () => unwrap(client.GET('/api/v1/admin/jobs')) });
  const runs = usePagedQuery(['admin', 'job-runs', job ?? null], (paging) =>
    unwrap(client.GET('/api/v1/admin/jobs/runs', { params: { query: { ...paging, ...(job ? { job } : {}) } } })),
  );
  const runNow = useMutation({
    mutationFn: (name: string) => unwrap(client.POST('/api/v1/admin/jobs/{name}/run', { params: { path: { name } } })),
    onSuccess: (run) => {
      if (run.outcome === 'ok') message.success(t('adminRunNowDone'));
      else message.warning(t('adminRunNowFailed'));
      // its run shows first in the runs below
      setJob(run.job);
      runs.paging.setPage(1);
      void queries.invalidateQueries({ queryKey: ['admin', 'jobs'] });
      void queries.invalidateQueries({ queryKey: ['admin', 'job-runs'] });
    },
    onError: (e) =>
      message.error(e instanceof ApiError && e.code === 'INVALID_STATE' ? t('adminRunNowBusy') : describe(e)),
  });
  return (
    <TitledPage title={t('adminJobs')}>
      <CrudTable
        query={jobs}
        rowKey="name"
        size="small"
        data-testid="jobs"
        pagination={false}
        onRow={(row) => ({ onClick: () => setJob(row.name), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('adminJobName'), dataIndex: 'name' },
          { title: t('adminJobDescription'), dataIndex: 'description' },
          { title: t('adminJobSchedule'), dataIndex: 'schedule' },
          { title: t('adminJobLastRun'), dataIndex: 'lastRunAt', render: shanghaiDateTime },
          {
            title: t('adminJobOutcome'),
            dataIndex: 'lastOutcome',
            render: (o: string | null) => <OutcomeTag outcome={o} />,
          },
        ]}
        rowActions={(row) => (
          // the row's click filters the runs: the button and its confirm (a portal, bubbling here) do not
          <span onClick={(e) => e.stopPropagation()}>
            <Popconfirm title={t('adminRunNowConfirm')} onConfirm={() => runNow.mutate(row.name)}>
              <Button
                size="small"
                data-testid={`run-${row.name}`}
                loading={runNow.isPending && runNow.variables === row.name}
              >
                {t('adminRunNow')}
              </Button>
            </Popconfirm>
          </span>
        )}
      />
      <Space>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('adminJobRuns')}
        </Typography.Title>
        <FilterSelect
          width={220}
          placeholder={t('adminJobName')}
          value={job}
          onChange={setJob}
          options={(jobs.data?.items ?? []).map((j) => ({ value: j.name, label: j.name }))}
        />
      </Space>
      <CrudTable
        {...runs}
        rowKey="id"
        size="small"
        columns={[
          { title: t('adminJobName'), dataIndex: 'job' },
          { title: t('adminRunStarted'), dataIndex: 'startedAt', render: shanghaiDateTime },
          { title: t('adminRunFinished'), dataIndex: 'finishedAt', render: shanghaiDateTime },
          { title: t('adminJobOutcome'), dataIndex: 'outcome', render: (o: string) => <OutcomeTag outcome={o} /> },
          {
            title: t('adminRunTrigger'),
            dataIndex: 'trigger',
            render: (by: Run['trigger']) => (by === 'manual' ? t('adminRunByHand') : t('adminRunByTick')),
          },
          {
            title: t('adminRunDetail'),
            dataIndex: 'detail',
            render: (d: Run['detail']) => <Typography.Text code>{JSON.stringify(d)}</Typography.Text>,
          },
        ]}
      />
    </TitledPage>
  );
}
