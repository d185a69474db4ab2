import { App, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';

/** CAT-3 states as the seed manuals name them (002 1.4.5). */
const stateText: Record<string, string> = {
  draft: '草稿',
  operator_review: '运营审核中',
  expert_review: '专家评审中',
  final_review: '终审中',
  rejected: '已驳回',
  withdrawn: '已撤回',
  listed: '已上架',
  delisted: '已下架',
};

/** CAT-5: my products by state, with rejection reasons; submit, withdraw, delist. */
export function ProviderProductsPage() {
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const list = useQuery({
    queryKey: ['my-products'],
    queryFn: () => unwrap(client.GET('/api/v1/catalog/mine', { params: { query: { page: 1, pageSize: 100 } } })),
  });
  const act = useMutation({
    mutationFn: (step: () => Promise<unknown>) => step(),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['my-products'] }),
    onError: (e) => message.error(describe(e)),
  });
  const path = (id: string) => ({ params: { path: { id } } });
  const items = list.data?.items ?? [];
  const table = (state?: string) => (
    <Table
      rowKey="id"
      loading={list.isLoading}
      pagination={false}
      dataSource={state ? items.filter((p) => p.state === state) : items}
      columns={[
        { title: '商品名称', render: (_: unknown, p) => p.content.name },
        {
          title: '状态',
          render: (_: unknown, p) => (
            <Space direction="vertical" size={0}>
              <Tag data-testid="product-state">{stateText[p.state] ?? p.state}</Tag>
              {p.listed && p.state !== 'listed' && <Typography.Text type="secondary">上架版本在售</Typography.Text>}
              {p.rejection && <Typography.Text type="danger">驳回原因：{p.rejection.reason}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: '操作',
          render: (_: unknown, p) => (
            <Space>
              {['draft', 'rejected', 'withdrawn', 'delisted'].includes(p.state) && (
                <Button
                  size="small"
                  type="primary"
                  onClick={() =>
                    act.mutate(() => unwrap(client.POST('/api/v1/catalog/products/{id}/submit', path(p.id))))
                  }
                >
                  提交审核
                </Button>
              )}
              {['operator_review', 'expert_review', 'final_review'].includes(p.state) && (
                <Button
                  size="small"
                  onClick={() =>
                    act.mutate(() => unwrap(client.POST('/api/v1/catalog/products/{id}/withdraw', path(p.id))))
                  }
                >
                  撤回
                </Button>
              )}
              {p.state === 'listed' && (
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    act.mutate(() => unwrap(client.POST('/api/v1/catalog/products/{id}/delist', path(p.id))))
                  }
                >
                  下架
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
  const counts = list.data?.counts ?? {};
  return (
    <Tabs
      items={[
        { key: 'all', label: `全部 (${list.data?.total ?? 0})`, children: table() },
        ...Object.entries(stateText).map(([state, label]) => ({
          key: state,
          label: `${label} (${counts[state as keyof typeof counts] ?? 0})`,
          children: table(state),
        })),
      ]}
    />
  );
}
