import { useMemo, useState } from 'react';
import { Alert, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { pinSchema } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';
import { toFen, toYuan, yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';
import { PinPad } from './enterprise/PinPad.tsx';
import type { Reply } from './enterprise/api-shapes.ts';

type Product = Reply<'/api/v1/catalog/products/{id}'>;

/**
 * ORD-1/3, WAL-4 (seed 003 §4.6): choose the spec and quantity, the vouchers
 * and how much each pays, see the deduction and the cash due, enter the
 * six-digit payment PIN, accept the agreement. The wallet has the last word
 * (ratio, provider cap); its refusal is shown as it is.
 */
export function OrderForm({ product, open, onClose }: { product: Product; open: boolean; onClose(): void }) {
  const describe = useDescribeError();
  const { t } = useLanguage();
  const navigate = useNavigate();
  const specs = product.content.specs ?? [];
  const [specName, setSpecName] = useState(specs[0]?.name);
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState('');
  const [amounts, setAmounts] = useState<Record<string, number>>({});
  const [pin, setPin] = useState('');
  const [agreed, setAgreed] = useState(false);
  // one key per opened form: a retried submit answers the same order (Idempotency-Key)
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const vouchers = useQuery({
    queryKey: ['vouchers', 'available'],
    enabled: open,
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/wallet/vouchers', { params: { query: { state: 'available', page: 1, pageSize: 100 } } }),
      ),
  });
  const usable = (vouchers.data?.items ?? []).filter((v) =>
    product.voucherTerms?.acceptedCategories.includes(v.category),
  );
  const spec = specs.find((s) => s.name === specName);
  const total = (spec?.pricing === 'free' ? 0 : (spec?.price ?? 0)) * quantity;
  const lines = Object.entries(amounts)
    .filter(([, fen]) => fen > 0)
    .map(([voucherId, amount]) => ({ voucherId, amount }));
  const deduction = lines.reduce((a, l) => a + l.amount, 0);
  const cap = Math.min(total, (product.voucherTerms?.maxVoucherPerUnit ?? 0) * quantity);
  const place = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/v1/orders', {
          headers: { 'Idempotency-Key': idempotencyKey },
          body: {
            productId: product.id,
            specName: specName!,
            quantity,
            message,
            agreementAccepted: true,
            vouchers: lines,
            ...(lines.length ? { pin } : {}),
          },
        }),
      ),
    onSuccess: (order) => navigate(`/orders/${order.id}`),
  });
  const problem = useMemo(() => {
    if (deduction > cap) return `${t('maxDeduction')} ¥${yuan(cap)}`;
    if (lines.length && !pinSchema.safeParse(pin).success) return t('pinRule');
    return null;
  }, [deduction, cap, lines.length, pin, t]);

  return (
    <Modal
      open={open}
      title={product.name}
      onCancel={onClose}
      okText={t('placeOrder')}
      okButtonProps={{ disabled: !agreed || !specName || problem !== null, loading: place.isPending }}
      onOk={() => place.mutate()}
      width={720}
    >
      <Form layout="vertical">
        <Space wrap>
          <Form.Item label={t('spec')}>
            <Select
              style={{ width: 200 }}
              value={specName}
              onChange={setSpecName}
              options={specs.map((s) => ({ value: s.name, label: s.name }))}
            />
          </Form.Item>
          <Form.Item label={t('quantity')}>
            <InputNumber min={1} max={10000} value={quantity} onChange={(v) => setQuantity(v ?? 1)} />
          </Form.Item>
        </Space>
        {product.voucherTerms && (
          <Form.Item label={t('acceptedCategories')}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={usable}
              locale={{ emptyText: t('empty') }}
              columns={[
                { title: t('voucherNumber'), dataIndex: 'number' },
                { title: t('balance'), dataIndex: 'balance', render: (v: number) => `¥${yuan(v)}` },
                {
                  title: `${t('useNow')}（${t('yuan')}）`,
                  render: (_: unknown, v: { id: string; balance: number }) => (
                    <InputNumber
                      min={0}
                      max={toYuan(v.balance)}
                      step={100}
                      precision={2}
                      value={toYuan(amounts[v.id] ?? 0)}
                      onChange={(y) => setAmounts({ ...amounts, [v.id]: toFen(y ?? 0) })}
                      data-testid={`use-${v.id}`}
                    />
                  ),
                },
              ]}
            />
          </Form.Item>
        )}
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('orderAmount')}>¥{yuan(total)}</Descriptions.Item>
          <Descriptions.Item label={t('voucherDeduction')}>¥{yuan(deduction)}</Descriptions.Item>
          <Descriptions.Item label={t('cashDue')}>
            <Typography.Text strong data-testid="cash-due">
              ¥{yuan(Math.max(0, total - deduction))}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {lines.length > 0 && (
          <Form.Item label={t('paymentPin')} style={{ marginTop: 16 }}>
            <PinPad value={pin} onChange={setPin} />
          </Form.Item>
        )}
        <Form.Item label={t('messageToSeller')} style={{ marginTop: 16 }}>
          <Input.TextArea maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} />
        </Form.Item>
        <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
          {t('tradeAgreement')}
        </Checkbox>
        {(problem || place.error) && (
          <Alert type="error" style={{ marginTop: 16 }} title={place.error ? describe(place.error) : problem} />
        )}
      </Form>
    </Modal>
  );
}
