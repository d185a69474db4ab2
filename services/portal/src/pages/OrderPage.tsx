import { App, Button, Card, Descriptions, Popconfirm, Result, Skeleton, Space, Tag, Timeline, Upload } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { client, unwrap, yuan } from '../api/client.ts';
import { uploadFile } from '../api/upload.ts';
import { orderStateText } from './order-states.ts';
import { useDescribeError } from '../i18n/error-text.ts';

/** ORD-2..7 for the enterprise: the order, its history, and the next step it can take. */
export function OrderPage() {
  const describe = useDescribeError();
  const { id } = useParams<{ id: string }>();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const order = useQuery({
    queryKey: ['order', id],
    queryFn: () => unwrap(client.GET('/api/v1/orders/{id}', { params: { path: { id: id! } } })),
  });
  const done = () => {
    void queries.invalidateQueries({ queryKey: ['order', id] });
    void queries.invalidateQueries({ queryKey: ['orders'] });
    void queries.invalidateQueries({ queryKey: ['vouchers'] });
  };
  const act = useMutation({
    mutationFn: (step: () => Promise<unknown>) => step(),
    onSuccess: done,
    onError: (e) => message.error(describe(e)),
  });
  if (order.isLoading) return <Skeleton active />;
  if (order.error) return <Result status="404" title={describe(order.error)} />;
  const o = order.data!;
  const path = { params: { path: { id: o.id } } };
  const attach = (purpose: 'payment_receipt' | 'contract') => async (file: File) => {
    act.mutate(async () => {
      const fileId = await uploadFile(file, purpose);
      return purpose === 'contract'
        ? unwrap(client.POST('/api/v1/orders/{id}/contract', { ...path, body: { fileId } }))
        : unwrap(client.POST('/api/v1/orders/{id}/receipts', { ...path, body: { fileIds: [fileId] } }));
    });
    return false;
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={`订单 ${o.orderNo}`}
        extra={<Tag data-testid="order-state">{orderStateText[o.state] ?? o.state}</Tag>}
      >
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="商品">{o.productName}</Descriptions.Item>
          <Descriptions.Item label="服务商">{o.providerName}</Descriptions.Item>
          <Descriptions.Item label="规格">
            {o.specName} × {o.quantity}
          </Descriptions.Item>
          <Descriptions.Item label="订单金额">¥{yuan(o.totalAmount)}</Descriptions.Item>
          <Descriptions.Item label="服务券抵扣">¥{yuan(o.voucherAmount)}</Descriptions.Item>
          <Descriptions.Item label="线下支付">¥{yuan(o.cashDue)}</Descriptions.Item>
        </Descriptions>
        <Space style={{ marginTop: 16 }} wrap>
          {(o.state === 'pending_payment' || o.state === 'awaiting_provider') &&
            o.cashDue > 0 &&
            o.receipts.length < 3 && (
              <Upload
                beforeUpload={attach('payment_receipt')}
                showUploadList={false}
                accept=".png,.jpg,.jpeg,.bmp,.pdf"
              >
                <Button>上传转账凭证</Button>
              </Upload>
            )}
          {o.state === 'accepted' && (
            <Upload beforeUpload={attach('contract')} showUploadList={false} accept=".pdf,.png,.jpg,.jpeg">
              <Button type="primary">上传服务合同</Button>
            </Upload>
          )}
          {(o.state === 'pending_payment' || o.state === 'awaiting_provider') && (
            <Popconfirm
              title={o.paymentState === 'paid' ? '取消后服务券退回，本年度撤回次数将被使用' : '确认取消订单？'}
              onConfirm={() => act.mutate(() => unwrap(client.POST('/api/v1/orders/{id}/cancel', path)))}
            >
              <Button danger>取消订单</Button>
            </Popconfirm>
          )}
          {o.state === 'delivered' && (
            <>
              <Button
                type="primary"
                onClick={() =>
                  act.mutate(() =>
                    unwrap(client.POST('/api/v1/orders/{id}/complete', { ...path, body: { completed: true } })),
                  )
                }
              >
                确认完成
              </Button>
              <Button
                onClick={() =>
                  act.mutate(() =>
                    unwrap(client.POST('/api/v1/orders/{id}/complete', { ...path, body: { completed: false } })),
                  )
                }
              >
                未完成
              </Button>
            </>
          )}
          {o.state === 'completed' && (
            <Button
              type="primary"
              onClick={() =>
                act.mutate(() =>
                  unwrap(
                    client.POST('/api/v1/orders/{id}/evaluation', {
                      ...path,
                      body: { rating: 'good', text: '', platformStars: 5 },
                    }),
                  ),
                )
              }
            >
              好评
            </Button>
          )}
        </Space>
      </Card>
      <Card title="订单进度">
        <Timeline
          items={o.history.map((h) => ({
            children: `${h.at.slice(0, 19).replace('T', ' ')} ${h.to ? (orderStateText[h.to] ?? h.to) : h.action}${
              h.reason ? `（${h.reason}）` : ''
            }`,
          }))}
        />
      </Card>
    </Space>
  );
}
