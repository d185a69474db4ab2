import { Descriptions, Drawer, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Application, RedemptionState, Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { yuan } from '../../format/money.ts';
import { useSession } from '../../auth/session.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { AttachmentButton } from './AttachmentButton.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { LoadError } from '../../components/ErrorAlerts.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
import { DecisionButtons, useReviewDecision } from './ReviewDecision.tsx';
import { redemptionStateWords } from './settlement-words.ts';
import { SettlementForms } from './SettlementForms.tsx';
import { shanghaiDateTime } from '../../format/time.ts';
import { TransferForm } from './TransferForm.tsx';

type Line = Application['lines'][number];
type Step = 'assess' | 'approve-payment' | 'approve-general';

/** SET-3 / SET-5: which decision this role takes on an application in this state, if any. */
function stepFor(state: RedemptionState, role: Role, queue: 'redemption' | 'general'): Step | 'pay' | null {
  const admin = role === 'admin';
  if (queue === 'general') return state === 'submitted' && (role === 'operator' || admin) ? 'approve-general' : null;
  if (state === 'submitted' && (role === 'approver' || admin)) return 'assess';
  if (state === 'assessed' && (role === 'finance' || admin)) return 'approve-payment';
  if (state === 'payment_approved' && (role === 'finance' || admin)) return 'pay';
  return null;
}

const stepWords: Record<Step, MessageKey> = {
  assess: 'adminAssess',
  'approve-payment': 'adminApprovePayment',
  'approve-general': 'adminApprove',
};

const materialWords: Record<keyof Application['materials'], MessageKey> = {
  contract: 'adminMaterialContract',
  invoice: 'adminMaterialInvoice',
  receipt: 'adminMaterialReceipt',
  priceEvidence: 'adminMaterialPriceEvidence',
};

/** A redemption application (SET-2/5) with its lines, materials, forms and history, and the decision of my step. */
export function SettlementApplicationDrawer({
  id,
  queue,
  onClose,
}: {
  id: string | null;
  queue: 'redemption' | 'general';
  onClose: () => void;
}) {
  const { t } = useLanguage();
  const { user } = useSession();
  const detail = useQuery({
    queryKey: ['admin', 'settlement-application', id],
    enabled: id !== null,
    queryFn: () => unwrap(client.GET('/api/v1/settlement/applications/{id}', { params: { path: { id: id! } } })),
  });
  const { decide, reject, reasonDialog } = useReviewDecision(
    (action: { step: Step | 'pay' | 'reject'; reason?: string; reference?: string; paidAt?: string }) => {
      const path = { params: { path: { id: id! } } };
      switch (action.step) {
        case 'assess':
          return unwrap(client.POST('/api/v1/settlement/applications/{id}/assess', path));
        case 'approve-payment':
          return unwrap(client.POST('/api/v1/settlement/applications/{id}/approve-payment', path));
        case 'approve-general':
          return unwrap(client.POST('/api/v1/settlement/general-vouchers/{id}/approve', path));
        case 'pay':
          return unwrap(
            client.POST('/api/v1/settlement/applications/{id}/pay', {
              ...path,
              body: { reference: action.reference!, paidAt: action.paidAt! },
            }),
          );
        case 'reject':
          return queue === 'general'
            ? unwrap(
                client.POST('/api/v1/settlement/general-vouchers/{id}/reject', {
                  ...path,
                  body: { reason: action.reason! },
                }),
              )
            : unwrap(
                client.POST('/api/v1/settlement/applications/{id}/reject', {
                  ...path,
                  body: { reason: action.reason! },
                }),
              );
      }
    },
    onClose,
  );
  const a = detail.data;
  const step = a && user ? stepFor(a.state, user.role as Role, queue) : null;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title={a?.providerName}
      loading={detail.isLoading}
      footer={
        step === 'pay' ? (
          <TransferForm
            busy={decide.isPending}
            onSubmit={(reference, paidAt) => decide.mutate({ step: 'pay', reference, paidAt })}
          />
        ) : (
          step && (
            <DecisionButtons
              approveText={t(stepWords[step])}
              busy={decide.isPending && !reasonDialog.open}
              onApprove={() => decide.mutate({ step })}
              onReject={reject}
            />
          )
        )
      }
    >
      {detail.isError && <LoadError error={detail.error} retry={() => void detail.refetch()} />}
      {a && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <div data-testid="settlement-data">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('adminState')}>
                <Tag>{t(redemptionStateWords[a.state])}</Tag>
                {a.rejectionReason}
              </Descriptions.Item>
              <Descriptions.Item label={t('amount')}>¥{yuan(a.amount)}</Descriptions.Item>
              <Descriptions.Item label={t('adminBankAccount')}>
                {[a.bankAccount.bank, a.bankAccount.branch, a.bankAccount.accountName, a.bankAccount.number].join(
                  ' · ',
                )}
              </Descriptions.Item>
              {a.general && (
                <Descriptions.Item label={t('adminGeneralVoucher')}>
                  {[a.general.enterpriseName, a.general.orderNo, a.general.direction].join(' · ')}
                </Descriptions.Item>
              )}
              {a.transfer && (
                <Descriptions.Item label={t('adminTransferReference')}>
                  {a.transfer.reference} · {a.transfer.paidAt}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('adminSubmittedAt')}>{shanghaiDateTime(a.createdAt)}</Descriptions.Item>
            </Descriptions>
          </div>
          <Space wrap>
            {(Object.keys(materialWords) as (keyof Application['materials'])[]).map((m) => (
              <AttachmentButton key={m} fileId={a.materials[m]} label={t(materialWords[m])} />
            ))}
            {a.signedFormFileId && <AttachmentButton fileId={a.signedFormFileId} label={t('adminSignedForm')} />}
          </Space>
          <SettlementForms id={a.id} />
          {a.lines.length > 0 && (
            <Table<Line>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={a.lines}
              columns={[
                { title: t('adminOrderNo'), dataIndex: 'orderNo' },
                { title: t('voucherNumber'), dataIndex: 'voucherNumber' },
                { title: t('adminFieldCompanyName'), dataIndex: 'enterpriseName' },
                { title: t('amount'), dataIndex: 'amount', render: (fen: number) => `¥${yuan(fen)}` },
              ]}
            />
          )}
          <HistoryTimeline
            steps={a.history.map((h) => ({ at: h.at, action: h.action, role: h.role, reason: h.reason }))}
          />
        </Space>
      )}
      <ReasonDialog
        {...reasonDialog}
        title={t('adminRejectSettlement')}
        onSubmit={(reason) => decide.mutate({ step: 'reject', reason })}
      />
    </Drawer>
  );
}
