import { Tag } from 'antd';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { ApplicationDetail } from './ApplicationDetail.tsx';
import { redemptionStateWords } from './redemption-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

/** 我的申请 (seed 002 1.4.7): my redemption applications, newest first, each opening onto its detail. */
export function MyApplicationsPanel({ kind }: { kind: 'voucher' | 'general' }) {
  const { t } = useLanguage();
  const list = usePagedQuery(['my-redemptions', kind], (query) =>
    unwrap(client.GET('/api/v1/settlement/applications/mine', { params: { query: { ...query, kind } } })),
  );
  return (
    <CrudTable
      {...list}
      rowKey="id"
      data-testid={`my-applications-${kind}`}
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
