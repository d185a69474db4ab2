import { useState } from 'react';
import { App, Button, Drawer, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProductView, ReviewStage, Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { LoadError } from './LoadError.tsx';
import { productStages } from './pending-counts.ts';
import { ProductDetails } from './ProductDetails.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

const stageWords: Record<ReviewStage, MessageKey> = {
  operator: 'adminStageOperator',
  expert: 'adminStageExpert',
  final: 'adminStageFinal',
};

const PAGE_SIZE = 20;

/** One product of the queue: approve it to the next stage, or send it back with the reason (CAT-3). */
function ProductReviewDrawer({ product, onClose }: { product: ProductView | null; onClose: () => void }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const decide = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason?: string }) => {
      const path = { params: { path: { productId: id } } };
      return reason === undefined
        ? unwrap(client.POST('/api/v1/catalog/reviews/{productId}/approve', path))
        : unwrap(client.POST('/api/v1/catalog/reviews/{productId}/reject', { ...path, body: { reason } }));
    },
    onSuccess: () => {
      message.success(t('adminDecisionSaved'));
      setRejecting(false);
      onClose();
      void queries.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (e) => message.error(describe(e)),
  });
  return (
    <Drawer
      open={product !== null}
      onClose={onClose}
      size="large"
      title={product?.content.name}
      footer={
        product && (
          <Space>
            <Button type="primary" loading={decide.isPending} onClick={() => decide.mutate({ id: product.id })}>
              {t('adminApprove')}
            </Button>
            <Button danger onClick={() => setRejecting(true)}>
              {t('adminReject')}
            </Button>
          </Space>
        )
      }
    >
      {product && <ProductDetails product={product} />}
      <ReasonDialog
        open={rejecting}
        title={t('adminRejectProduct')}
        busy={decide.isPending}
        onCancel={() => setRejecting(false)}
        onSubmit={(reason) => product && decide.mutate({ id: product.id, reason })}
      />
    </Drawer>
  );
}

/** CAT-3 listing review: the queue of my stage (operator, expert, final by the approver); an administrator picks one. */
export function ProductReviewsPage() {
  const { t } = useLanguage();
  const { user } = useSession();
  const stages = productStages[(user?.role ?? 'operator') as Role] ?? [];
  const [chosen, setChosen] = useState<ReviewStage | null>(null);
  const stage = chosen ?? stages[0] ?? 'operator';
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<ProductView | null>(null);
  const queue = useQuery({
    queryKey: ['admin', 'product-reviews', stage, page],
    queryFn: () =>
      unwrap(client.GET('/api/v1/catalog/reviews', { params: { query: { stage, page, pageSize: PAGE_SIZE } } })),
  });
  return (
    <>
      <Typography.Title level={4}>{t('adminProductReviews')}</Typography.Title>
      {stages.length > 1 && (
        <Segmented
          style={{ marginBottom: 16 }}
          value={stage}
          onChange={(s) => {
            setChosen(s as ReviewStage);
            setPage(1);
          }}
          options={stages.map((s) => ({ value: s, label: t(stageWords[s]) }))}
        />
      )}
      {queue.isError ? (
        <LoadError error={queue.error} retry={() => void queue.refetch()} />
      ) : (
        <Table<ProductView>
          rowKey="id"
          data-testid="product-queue"
          loading={queue.isLoading}
          dataSource={queue.data?.items ?? []}
          locale={{ emptyText: t('adminQueueEmpty') }}
          onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: queue.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('adminProductName'), render: (_: unknown, p) => p.content.name },
            { title: t('provider'), dataIndex: 'providerName', render: (n: string | null) => n ?? '—' },
            { title: t('adminProductCategory'), render: (_: unknown, p) => p.content.category ?? '—' },
            { title: t('adminSubmittedAt'), dataIndex: 'submittedAt', render: shanghaiDateTime },
            { title: t('adminStage'), render: () => <Tag>{t(stageWords[stage])}</Tag> },
          ]}
        />
      )}
      <ProductReviewDrawer product={open} onClose={() => setOpen(null)} />
    </>
  );
}
