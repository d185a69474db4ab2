import { useState } from 'react';
import { Result, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { yuan } from '../../format/money.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { ApplicationDetail } from './ApplicationDetail.tsx';
import { redemptionStateWords } from './redemption-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

const PAGE_SIZE = 20;

/** 我的申请 (seed 002 1.4.7): my redemption applications, newest first, each opening onto its detail. */
export function MyApplicationsPanel({ kind }: { kind: 'voucher' | 'general' }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['my-redemptions', kind, page],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/settlement/applications/mine', {
          params: { query: { page, pageSize: PAGE_SIZE, kind } },
        }),
      ),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  return (
    <Table
      rowKey="id"
      data-testid={`my-applications-${kind}`}
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('empty') }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
      expandable={{ expandedRowRender: (a) => <ApplicationDetail id={a.id} /> }}
      columns={[
        { title: t('appliedAt'), dataIndex: 'createdAt', render: shanghaiDateTime },
        { title: t('applicationAmount'), dataIndex: 'amount', render: (v: number) => `¥${yuan(v)}` },
        {
          title: t('receivingAccount'),
          render: (_: unknown, a) => `${a.bankAccount.bank} ${a.bankAccount.number}`,
        },
        {
          title: t('state'),
          dataIndex: 'state',
          render: (s: keyof typeof redemptionStateWords) => (
            <Tag data-testid="application-state">{t(redemptionStateWords[s])}</Tag>
          ),
        },
      ]}
    />
  );
}
