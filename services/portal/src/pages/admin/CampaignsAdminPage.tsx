import { useState } from 'react';
import { Button, Segmented, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { campaignStates, type CampaignView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { BatchCard } from './BatchCard.tsx';
import { CampaignForm } from './CampaignForm.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type CampaignState = CampaignView['state'];

const campaignStateWords: Record<CampaignState, MessageKey> = {
  scheduled: 'adminCampaignScheduled',
  open: 'adminCampaignOpen',
  closed: 'adminCampaignClosed',
  finished: 'adminCampaignFinished',
};

/** LOT-2 / LOT-9: campaigns by state; a lottery campaign opens onto its batches, a first-come one shows its stock. */
export function CampaignsAdminPage() {
  const { t } = useLanguage();
  const [state, setState] = useState<CampaignState | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['admin', 'campaigns', state],
    queryFn: () =>
      unwrap(client.GET('/api/v1/lottery/campaigns', { params: { query: state === 'all' ? {} : { state } } })),
  });
  return (
    <TitledPage
      title={t('adminCampaigns')}
      actions={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('adminNewCampaign')}
        </Button>
      }
    >
      <Segmented
        value={state}
        onChange={(s) => setState(s as CampaignState | 'all')}
        options={[
          { value: 'all', label: t('adminAll') },
          ...campaignStates.map((s) => ({ value: s, label: t(campaignStateWords[s]) })),
        ]}
      />
      <CrudTable
        query={list}
        rowKey="id"
        data-testid="campaigns"
        pagination={{ pageSize: 20 }}
        expandable={{
          expandRowByClick: true,
          expandedRowRender: (c) =>
            c.mode === 'lottery' ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                {c.batches.map((b) => (
                  <BatchCard key={b.id} batch={b} />
                ))}
              </Space>
            ) : (
              <Space>
                {Object.entries(c.stock ?? {}).map(([code, n]) => (
                  <Tag key={code}>
                    {t('adminStock')} {code}: {n}
                  </Tag>
                ))}
              </Space>
            ),
        }}
        columns={[
          { title: t('adminCampaignName'), dataIndex: 'name' },
          {
            title: t('adminCampaignMode'),
            dataIndex: 'mode',
            render: (m: CampaignView['mode']) => t(m === 'lottery' ? 'adminModeLottery' : 'adminModeFirstCome'),
          },
          {
            title: t('window'),
            render: (_: unknown, c) => `${shanghaiDateTime(c.opensAt)} ~ ${shanghaiDateTime(c.closesAt)}`,
          },
          { title: t('adminCampaignCategories'), render: (_: unknown, c) => c.categories.join('，') },
          {
            title: t('adminState'),
            dataIndex: 'state',
            render: (s: CampaignState) => <Tag>{t(campaignStateWords[s])}</Tag>,
          },
        ]}
      />
      <CampaignForm open={creating} onClose={() => setCreating(false)} />
    </TitledPage>
  );
}
