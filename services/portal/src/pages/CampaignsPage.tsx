import { App, Button, Card, Checkbox, Empty, Result, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { client, unwrap } from '../api/client.ts';
import { reasonText } from '../i18n/messages.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';
import type { Reply } from './enterprise/api-shapes.ts';
import { shanghaiDateTime } from '../format/time.ts';

type Campaign = Reply<'/api/v1/lottery/campaigns'>['items'][number];
type Reservable = NonNullable<Campaign['reservable']>[number];

/** LOT-9: how often a first-come campaign's stock is read again while the page is open. */
const STOCK_REFRESH_MS = 3000;

/** A category greyed out with its reason when it cannot be taken (LOT-4: 当前服务券已达年度上限 ...). */
function WithReason({ option, children }: { option: Reservable; children: React.ReactNode }) {
  const { language } = useLanguage();
  const why = option.reason ? (reasonText[language][option.reason] ?? option.reason) : null;
  if (!why) return <span>{children}</span>;
  return (
    <Tooltip title={why}>
      <span data-testid="greyed" data-reason={option.reason}>
        {children} <Typography.Text type="secondary">{why}</Typography.Text>
      </span>
    </Tooltip>
  );
}

/** LOT-3/4: the categories of a lottery campaign, each ticked to reserve it, changeable while the window is open. */
function LotteryChoices({ campaign }: { campaign: Campaign }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const reserved = (campaign.reservable ?? []).filter((r) => r.reserved).map((r) => r.category);
  const reserve = useMutation({
    mutationFn: (categories: string[]) =>
      unwrap(
        client.PUT('/api/v1/lottery/campaigns/{id}/reservation', {
          params: { path: { id: campaign.id } },
          body: { categories },
        }),
      ),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['campaigns'] });
      void queries.invalidateQueries({ queryKey: ['reservations'] });
    },
    onError: (e) => message.error(describe(e)),
  });
  return (
    <Space wrap>
      {(campaign.reservable ?? []).map((r) => (
        <WithReason key={r.category} option={r}>
          <Checkbox
            checked={r.reserved}
            disabled={(!r.reservable && !r.reserved) || reserve.isPending}
            onChange={(e) =>
              reserve.mutate(e.target.checked ? [...reserved, r.category] : reserved.filter((x) => x !== r.category))
            }
          >
            {r.category}
            {r.reserved && (
              <Tag color="green" style={{ marginLeft: 8 }}>
                {t('reserved')}
              </Tag>
            )}
          </Checkbox>
        </WithReason>
      ))}
    </Space>
  );
}

/** LOT-9 (seed 002 2.4.6.2 抢券): the live stock of each category, read again every few seconds, and a grab button. */
function FirstComeChoices({ campaign }: { campaign: Campaign }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const stock = useQuery({
    queryKey: ['stock', campaign.id],
    queryFn: () =>
      unwrap(client.GET('/api/v1/lottery/campaigns/{id}/stock', { params: { path: { id: campaign.id } } })),
    refetchInterval: STOCK_REFRESH_MS,
  });
  const claim = useMutation({
    mutationFn: (category: string) =>
      unwrap(
        client.POST('/api/v1/lottery/campaigns/{id}/claims', {
          params: { path: { id: campaign.id } },
          body: { category },
        }),
      ),
    onSuccess: () => {
      message.success(t('grabbed'));
      void queries.invalidateQueries({ queryKey: ['campaigns'] });
      void queries.invalidateQueries({ queryKey: ['stock', campaign.id] });
      void queries.invalidateQueries({ queryKey: ['vouchers'] });
    },
    onError: (e) => message.error(describe(e)),
  });
  return (
    <Space wrap size="large">
      {(campaign.reservable ?? []).map((r) => {
        const left = stock.data?.items.find((s) => s.category === r.category);
        return (
          <WithReason key={r.category} option={r}>
            <Space>
              <Typography.Text strong>{r.category}</Typography.Text>
              <Typography.Text type="secondary" data-testid="stock">
                {left ? `${t('stockLeft')} ${left.remaining} / ${left.total}` : '…'}
              </Typography.Text>
              <Button
                type="primary"
                disabled={!r.reservable || left?.remaining === 0}
                loading={claim.isPending && claim.variables === r.category}
                onClick={() => claim.mutate(r.category)}
                data-testid="grab"
              >
                {left?.remaining === 0 ? t('soldOut') : t('grab')}
              </Button>
            </Space>
          </WithReason>
        );
      })}
    </Space>
  );
}

/** A campaign: its window, links to the results of its published batches, and its categories. */
function CampaignCard({ campaign }: { campaign: Campaign }) {
  const { t } = useLanguage();
  const published = campaign.batches.filter((b) => new Date(b.publishAt) <= new Date());
  return (
    <Card
      title={campaign.name}
      extra={
        <Typography.Text type="secondary">
          {t('window')}：{shanghaiDateTime(campaign.opensAt)} ~ {shanghaiDateTime(campaign.closesAt)}
        </Typography.Text>
      }
      data-testid="campaign"
    >
      {published.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          {published.map((b) => (
            <Link key={b.id} to={`/publications/${b.id}`} style={{ marginRight: 12 }}>
              {t('batchPublication').replace('{n}', String(b.seq))}
            </Link>
          ))}
        </div>
      )}
      {campaign.mode === 'first_come' ? (
        <FirstComeChoices campaign={campaign} />
      ) : (
        <LotteryChoices campaign={campaign} />
      )}
    </Card>
  );
}

/** LOT-3/4 and LOT-9 (seed 003 §4.1 预约服务券): the open campaigns, lottery or first-come. */
export function CampaignsPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const campaigns = useQuery({
    queryKey: ['campaigns'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/campaigns', { params: { query: { state: 'open' } } })),
  });
  if (campaigns.isLoading) return <Skeleton active />;
  if (campaigns.error) return <Result status="error" title={describe(campaigns.error)} />;
  const items = campaigns.data?.items ?? [];
  if (items.length === 0) return <Empty description={t('noOpenCampaigns')} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {items.map((c) => (
        <CampaignCard key={c.id} campaign={c} />
      ))}
    </Space>
  );
}
