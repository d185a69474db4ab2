import { App, Button, Card, Checkbox, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { client, unwrap } from '../api/client.ts';
import { reasonText } from '../i18n/messages.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';

/**
 * LOT-3/4 and LOT-9 (seed 003 §4.1): open campaigns; each category reservable
 * or greyed out with the reason (当前服务券已达年度上限 ...); a first-come
 * category is claimed at once.
 */
export function CampaignsPage() {
  const describe = useDescribeError();
  const { t, language } = useLanguage();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const campaigns = useQuery({
    queryKey: ['campaigns'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/campaigns', { params: { query: { state: 'open' } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['campaigns'] });
  const reserve = useMutation({
    mutationFn: (v: { id: string; categories: string[] }) =>
      unwrap(
        client.PUT('/api/v1/lottery/campaigns/{id}/reservation', {
          params: { path: { id: v.id } },
          body: { categories: v.categories },
        }),
      ),
    onSuccess: () => refresh(),
    onError: (e) => message.error(describe(e)),
  });
  const claim = useMutation({
    mutationFn: (v: { id: string; category: string }) =>
      unwrap(
        client.POST('/api/v1/lottery/campaigns/{id}/claims', {
          params: { path: { id: v.id } },
          body: { category: v.category },
        }),
      ),
    onSuccess: () => {
      message.success(t('reserved'));
      void refresh();
      void queries.invalidateQueries({ queryKey: ['vouchers'] });
    },
    onError: (e) => message.error(describe(e)),
  });
  const items = campaigns.data?.items ?? [];
  if (!campaigns.isLoading && items.length === 0) return <Empty description={t('empty')} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {items.map((c) => {
        const reserved = (c.reservable ?? []).filter((r) => r.reserved).map((r) => r.category);
        return (
          <Card
            key={c.id}
            title={c.name}
            extra={
              <Typography.Text type="secondary">
                {t('window')}：{c.opensAt.slice(0, 16).replace('T', ' ')} ~ {c.closesAt.slice(0, 16).replace('T', ' ')}
              </Typography.Text>
            }
            data-testid="campaign"
          >
            {c.batches.some((b) => new Date(b.publishAt) <= new Date()) && (
              <div style={{ marginBottom: 12 }}>
                {c.batches
                  .filter((b) => new Date(b.publishAt) <= new Date())
                  .map((b) => (
                    <Link key={b.id} to={`/publications/${b.id}`} style={{ marginRight: 12 }}>
                      第{b.seq}批结果公示
                    </Link>
                  ))}
              </div>
            )}
            <Space wrap>
              {(c.reservable ?? []).map((r) => {
                const why = r.reason ? (reasonText[language][r.reason] ?? r.reason) : null;
                const control =
                  c.mode === 'first_come' ? (
                    <Button
                      disabled={!r.reservable}
                      loading={claim.isPending}
                      onClick={() => claim.mutate({ id: c.id, category: r.category })}
                    >
                      {r.category}
                    </Button>
                  ) : (
                    <Checkbox
                      checked={r.reserved}
                      disabled={!r.reservable && !r.reserved}
                      onChange={(e) =>
                        reserve.mutate({
                          id: c.id,
                          categories: e.target.checked
                            ? [...reserved, r.category]
                            : reserved.filter((x) => x !== r.category),
                        })
                      }
                    >
                      {r.category}
                      {r.reserved && (
                        <Tag color="green" style={{ marginLeft: 8 }}>
                          {t('reserved')}
                        </Tag>
                      )}
                    </Checkbox>
                  );
                return why ? (
                  <Tooltip title={why} key={r.category}>
                    <span data-testid="greyed" data-reason={r.reason}>
                      {control} <Typography.Text type="secondary">{why}</Typography.Text>
                    </span>
                  </Tooltip>
                ) : (
                  <span key={r.category}>{control}</span>
                );
              })}
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}
