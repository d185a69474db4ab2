import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import {
  applicationKinds,
  applicationStates,
  type ApplicationKind,
  type ApplicationState,
  type ApplicationView,
} from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { ApplicationDrawer } from './ApplicationDrawer.tsx';
import { LoadError } from './LoadError.tsx';
import { applicationKindWords, applicationStateWords } from './qualification-words.ts';
import { apiDate, shanghaiDateTime } from '../../format/time.ts';

interface Filters {
  kind?: ApplicationKind;
  state?: ApplicationState;
  dates?: [Dayjs, Dayjs];
  q?: string;
  applicant?: string;
}

const PAGE_SIZE = 20;

/** QUA-8 (我的待办): the applications of my review step, filtered by kind, state, dates, name and applicant. */
export function QualificationReviewsPage() {
  const { t } = useLanguage();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<ApplicationView | null>(null);
  const query = {
    page,
    pageSize: PAGE_SIZE,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.dates ? { from: apiDate(filters.dates[0]), to: apiDate(filters.dates[1]) } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.applicant ? { applicant: filters.applicant } : {}),
  };
  const queue = useQuery({
    queryKey: ['admin', 'qualification-reviews', query],
    queryFn: () => unwrap(client.GET('/api/v1/qualification/reviews', { params: { query } })),
  });
  return (
    <>
      <Typography.Title level={4}>{t('adminQualificationReviews')}</Typography.Title>
      <Form<Filters>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(values);
          setPage(1);
        }}
      >
        <Form.Item name="kind" label={t('adminKind')}>
          <Select
            allowClear
            style={{ width: 180 }}
            options={applicationKinds.map((k) => ({ value: k, label: t(applicationKindWords[k]) }))}
          />
        </Form.Item>
        <Form.Item name="state" label={t('adminState')}>
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('adminPendingOnly')}
            options={applicationStates.map((s) => ({ value: s, label: t(applicationStateWords[s]) }))}
          />
        </Form.Item>
        <Form.Item name="dates" label={t('adminSubmittedAt')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="q">
          <Input placeholder={t('adminCompanyKeyword')} allowClear />
        </Form.Item>
        <Form.Item name="applicant">
          <Input placeholder={t('adminApplicant')} allowClear />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('search')}
        </Button>
      </Form>
      {queue.isError ? (
        <LoadError error={queue.error} retry={() => void queue.refetch()} />
      ) : (
        <Table<ApplicationView>
          rowKey="id"
          data-testid="qualification-queue"
          loading={queue.isLoading}
          dataSource={queue.data?.items ?? []}
          locale={{ emptyText: t('adminQueueEmpty') }}
          onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: queue.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('adminFieldCompanyName'), dataIndex: 'companyName' },
            { title: t('adminKind'), dataIndex: 'kind', render: (k: ApplicationKind) => t(applicationKindWords[k]) },
            { title: t('adminFieldDistrict'), dataIndex: 'district', render: (d: string | null) => d ?? '—' },
            { title: t('adminApplicant'), dataIndex: 'applicantName', render: (a: string | null) => a ?? '—' },
            { title: t('adminSubmittedAt'), dataIndex: 'submittedAt', render: shanghaiDateTime },
            {
              title: t('adminState'),
              dataIndex: 'state',
              render: (s: ApplicationState) => <Tag data-testid="application-state">{t(applicationStateWords[s])}</Tag>,
            },
          ]}
        />
      )}
      <ApplicationDrawer application={open} onClose={() => setOpen(null)} />
    </>
  );
}
