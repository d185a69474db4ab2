import { useState } from 'react';
import { DatePicker, Form, Input, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  applicationKinds,
  applicationStates,
  type ApplicationKind,
  type ApplicationState,
  type ApplicationView,
} from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { SearchForm } from '../../components/SearchForm.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { ApplicationDrawer } from './ApplicationDrawer.tsx';
import { applicationKindWords, applicationStateWords } from './qualification-words.ts';
import { apiDate, shanghaiDateTime } from '../../format/time.ts';

interface Filters {
  kind?: ApplicationKind;
  state?: ApplicationState;
  dates?: [Dayjs, Dayjs];
  q?: string;
  applicant?: string;
}

/** QUA-8 (我的待办): the applications of my review step, filtered by kind, state, dates, name and applicant. */
export function QualificationReviewsPage() {
  const { t } = useLanguage();
  const [filters, setFilters] = useState<Partial<Filters>>({});
  const [open, setOpen] = useState<ApplicationView | null>(null);
  const { dates, ...given } = filters;
  const narrowed = { ...given, ...(dates ? { from: apiDate(dates[0]), to: apiDate(dates[1]) } : {}) };
  const queue = usePagedQuery(['admin', 'qualification-reviews', narrowed], (paging) =>
    unwrap(client.GET('/api/v1/qualification/reviews', { params: { query: { ...narrowed, ...paging } } })),
  );
  return (
    <TitledPage title={t('adminQualificationReviews')}>
      <SearchForm<Filters> list={queue} onSearch={setFilters}>
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
      </SearchForm>
      <CrudTable
        {...queue}
        rowKey="id"
        data-testid="qualification-queue"
        empty={t('adminQueueEmpty')}
        onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })}
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
      <ApplicationDrawer application={open} onClose={() => setOpen(null)} />
    </TitledPage>
  );
}
