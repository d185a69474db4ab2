import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Upload } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { orders } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { uploadFile } from '../../api/upload.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import type { Reply } from './api-shapes.ts';

type Order = Reply<'/api/v1/orders/{id}'>;

/** ORD-2/4: before the provider accepts, the order can be cancelled or its vouchers withdrawn. */
const BEFORE_ACCEPTANCE = new Set<Order['state']>(['pending_payment', 'awaiting_provider']);
/** ORD-3: at most three transfer receipts. */
const MAX_RECEIPTS = 3;
const completeRequest = orders.complete.request.omit({ id: true });

/** ORD-7 (seed 003 §4.7 未完成): the order goes back to the provider, with a note of what is missing. */
function NotCompletedButton({ onConfirm, busy }: { onConfirm(note: string): void; busy: boolean }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('notCompleted')}</Button>
      <Modal
        open={open}
        title={t('notCompleted')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: busy }}
        onOk={() => {
          onConfirm(note);
          setOpen(false);
        }}
      >
        <Form layout="vertical">
          <Form.Item label={t('notCompletedNote')}>
            <Input.TextArea maxLength={500} showCount value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The steps the order can take next from the enterprise's side, each shown only when its state allows it. */
export function OrderActions({ order, onChanged }: { order: Order; onChanged(): void }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const act = useMutation({
    mutationFn: (step: () => Promise<unknown>) => step(),
    onSuccess: onChanged,
    onError: (e) => message.error(describe(e)),
  });
  const path = { params: { path: { id: order.id } } };
  const attach = (purpose: 'payment_receipt' | 'contract') => (file: File) => {
    act.mutate(async () => {
      const fileId = await uploadFile(file, purpose);
      return purpose === 'contract'
        ? unwrap(client.POST('/api/v1/orders/{id}/contract', { ...path, body: { fileId } }))
        : unwrap(client.POST('/api/v1/orders/{id}/receipts', { ...path, body: { fileIds: [fileId] } }));
    });
    return false;
  };
  const complete = (completed: boolean, note?: string) =>
    act.mutate(() =>
      unwrap(
        client.POST('/api/v1/orders/{id}/complete', {
          ...path,
          body: completeRequest.parse({ completed, ...(note ? { note } : {}) }),
        }),
      ),
    );
  const beforeAcceptance = BEFORE_ACCEPTANCE.has(order.state);
  const paid = order.paymentState === 'paid';

  return (
    <Space wrap>
      {beforeAcceptance && order.cashDue > 0 && order.receipts.length < MAX_RECEIPTS && (
        <Upload beforeUpload={attach('payment_receipt')} showUploadList={false} accept=".png,.jpg,.jpeg,.bmp,.pdf">
          <Button>{t('uploadReceipt')}</Button>
        </Upload>
      )}
      {order.state === 'accepted' && (
        <Upload beforeUpload={attach('contract')} showUploadList={false} accept=".pdf,.png,.jpg,.jpeg">
          <Button type="primary">{t('uploadContract')}</Button>
        </Upload>
      )}
      {beforeAcceptance && (
        <Popconfirm
          title={paid ? t('cancelCountsAsWithdrawal') : t('confirmCancel')}
          onConfirm={() => act.mutate(() => unwrap(client.POST('/api/v1/orders/{id}/cancel', path)))}
        >
          <Button danger>{t('cancelOrder')}</Button>
        </Popconfirm>
      )}
      {beforeAcceptance && paid && (
        <Popconfirm
          title={t('withdrawOncePerYear')}
          onConfirm={() => act.mutate(() => unwrap(client.POST('/api/v1/orders/{id}/withdraw-vouchers', path)))}
        >
          <Button data-testid="withdraw-vouchers">{t('withdrawVouchers')}</Button>
        </Popconfirm>
      )}
      {order.state === 'delivered' && (
        <>
          <Button type="primary" onClick={() => complete(true)} loading={act.isPending}>
            {t('confirmCompleted')}
          </Button>
          <NotCompletedButton busy={act.isPending} onConfirm={(note) => complete(false, note)} />
        </>
      )}
    </Space>
  );
}
