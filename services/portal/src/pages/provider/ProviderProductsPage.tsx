import { useState } from 'react';
import { App, Button, Space, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { productStates, type ProductState } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/** CAT-3 states as the seed manuals name them (002 1.4.4.2). */
export const productStateWords: Record<ProductState, MessageKey> = {
  draft: 'productDraft',
  operator_review: 'productOperatorReview',
  expert_review: 'productExpertReview',
  final_review: 'productFinalReview',
  rejected: 'productRejected',
  withdrawn: 'productWithdrawn',
  listed: 'productListed',
  delisted: 'productDelisted',
};

const editable: readonly ProductState[] = ['draft', 'rejected', 'withdrawn', 'listed'];
const submittable: readonly ProductState[] = ['draft', 'rejected', 'withdrawn', 'delisted'];
const underReview: readonly ProductState[] = ['operator_review', 'expert_review', 'final_review'];

/** CAT-5: my products by state with their counts and rejection reasons; new, edit, submit, withdraw, delist. */
export function ProviderProductsPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [state, setState] = useState<ProductState | 'all'>('all');
  const list = usePagedQuery(['my-products', state], (query) =>
    unwrap(
      client.GET('/api/v1/catalog/mine', { params: { query: { ...query, ...(state === 'all' ? {} : { state }) } } }),
    ),
  );
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'submit' | 'withdraw' | 'delist' }) => {
      const path = { params: { path: { id } } };
      if (action === 'submit') return unwrap(client.POST('/api/v1/catalog/products/{id}/submit', path));
      if (action === 'withdraw') return unwrap(client.POST('/api/v1/catalog/products/{id}/withdraw', path));
      return unwrap(client.POST('/api/v1/catalog/products/{id}/delist', path));
    },
    onSuccess: () => queries.invalidateQueries({ queryKey: ['my-products'] }),
    onError: (e) => message.error(describe(e)),
  });
  const counts = list.query.data?.counts ?? {};
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  return (
    <TitledPage
      level={3}
      title={t('myProducts')}
      actions={
        <Link to="/workbench/products/new">
          <Button type="primary" data-testid="new-product">
            {t('newProduct')}
          </Button>
        </Link>
      }
    >
      <Tabs
        activeKey={state}
        onChange={(key) => setState(key as ProductState | 'all')}
        items={[
          { key: 'all', label: `${t('allStates')} (${total})` },
          ...productStates.map((s) => ({ key: s, label: `${t(productStateWords[s])} (${counts[s] ?? 0})` })),
        ]}
      />
      <CrudTable
        {...list}
        rowKey="id"
        data-testid="my-products"
        columns={[
          { title: t('productName'), render: (_: unknown, p) => p.content.name },
          { title: t('productCategory'), render: (_: unknown, p) => p.content.category ?? '—' },
          {
            title: t('state'),
            render: (_: unknown, p) => (
              <Space direction="vertical" size={0}>
                <Tag data-testid="product-state">{t(productStateWords[p.state])}</Tag>
                {p.listed && p.state !== 'listed' && (
                  <Typography.Text type="secondary">{t('listedVersionOnSale')}</Typography.Text>
                )}
                {p.rejection && (
                  <Typography.Text type="danger">
                    {t('wbRejectionReason')}：{p.rejection.reason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
        ]}
        rowActions={(p) => (
          <>
            {editable.includes(p.state) && (
              <Link to={`/workbench/products/${p.id}/edit`}>
                <Button size="small">{t('edit')}</Button>
              </Link>
            )}
            {submittable.includes(p.state) && (
              <Button size="small" type="primary" onClick={() => act.mutate({ id: p.id, action: 'submit' })}>
                {t('submitForReview')}
              </Button>
            )}
            {underReview.includes(p.state) && (
              <Button size="small" onClick={() => act.mutate({ id: p.id, action: 'withdraw' })}>
                {t('withdraw')}
              </Button>
            )}
            {p.state === 'listed' && (
              <Button size="small" danger onClick={() => act.mutate({ id: p.id, action: 'delist' })}>
                {t('delist')}
              </Button>
            )}
          </>
        )}
      />
    </TitledPage>
  );
}
