import { useState } from 'react';
import { Drawer, Segmented, Tag } from 'antd';
import type { ProductView, ReviewStage, Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { productStages } from './pending-counts.ts';
import { ProductDetails } from './ProductDetails.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
import { DecisionButtons, useReviewDecision } from './ReviewDecision.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

const stageWords: Record<ReviewStage, MessageKey> = {
  operator: 'adminStageOperator',
  expert: 'adminStageExpert',
  final: 'adminStageFinal',
};

/** One product of the queue: approve it to the next stage, or send it back with the reason (CAT-3). */
function ProductReviewDrawer({ product, onClose }: { product: ProductView | null; onClose: () => void }) {
  const { t } = useLanguage();
  const { decide, reject, reasonDialog } = useReviewDecision(({ id, reason }: { id: string; reason?: string }) => {
    const path = { params: { path: { productId: id } } };
    return reason === undefined
      ? unwrap(client.POST('/api/v1/catalog/reviews/{productId}/approve', path))
      : unwrap(client.POST('/api/v1/catalog/reviews/{productId}/reject', { ...path, body: { reason } }));
  }, onClose);
  return (
    <Drawer
      open={product !== null}
      onClose={onClose}
      size="large"
      title={product?.content.name}
      footer={
        product && (
          <DecisionButtons
            approveText={t('adminApprove')}
            busy={decide.isPending && !reasonDialog.open}
            onApprove={() => decide.mutate({ id: product.id })}
            onReject={reject}
          />
        )
      }
    >
      {product && <ProductDetails product={product} />}
      <ReasonDialog
        {...reasonDialog}
        title={t('adminRejectProduct')}
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
  const [open, setOpen] = useState<ProductView | null>(null);
  const queue = usePagedQuery(['admin', 'product-reviews', stage], (query) =>
    unwrap(client.GET('/api/v1/catalog/reviews', { params: { query: { stage, ...query } } })),
  );
  return (
    <TitledPage title={t('adminProductReviews')}>
      {stages.length > 1 && (
        <Segmented
          value={stage}
          onChange={(s) => setChosen(s as ReviewStage)}
          options={stages.map((s) => ({ value: s, label: t(stageWords[s]) }))}
        />
      )}
      <CrudTable
        {...queue}
        rowKey="id"
        data-testid="product-queue"
        empty={t('adminQueueEmpty')}
        onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('adminProductName'), render: (_: unknown, p) => p.content.name },
          { title: t('provider'), dataIndex: 'providerName', render: (n: string | null) => n ?? '—' },
          { title: t('adminProductCategory'), render: (_: unknown, p) => p.content.category ?? '—' },
          { title: t('adminSubmittedAt'), dataIndex: 'submittedAt', render: shanghaiDateTime },
          { title: t('adminStage'), render: () => <Tag>{t(stageWords[stage])}</Tag> },
        ]}
      />
      <ProductReviewDrawer product={open} onClose={() => setOpen(null)} />
    </TitledPage>
  );
}
