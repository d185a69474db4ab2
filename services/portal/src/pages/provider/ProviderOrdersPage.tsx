import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { client, unwrap, yuan } from '../../api/client.ts';
import { orderStateText } from '../order-states.ts';
import { useDescribeError } from '../../i18n/error-text.ts';

interface RecordForm {
  date: Dayjs;
  engineer: string;
  description: string;
  remark?: string;
}

/**
 * Seed 001 §3-4, ORD-2/6/7 for the provider: its orders, accept (confirming
 * the offline payment) or decline with a reason, record service visits, deliver.
 */
export function ProviderOrdersPage() {
  const describe = useDescribeError();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [recording, setRecording] = useState<string | null>(null);
  const [form] = Form.useForm<RecordForm>();
  const list = useQuery({
    queryKey: ['provider-orders'],
    queryFn: () => unwrap(client.GET('/api/v1/orders/mine', { params: { query: { page: 1, pageSize: 50 } } })),
  });
  const act = useMutation({
    mutationFn: (step: () => Promise<unknown>) => step(),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['provider-orders'] }),
    onError: (e) => message.error(describe(e)),
  });
  const path = (id: string) => ({ params: { path: { id } } });
  const decline = (id: string) => {
    let reason = '';
    modal.confirm({
      title: '拒绝订单',
      content: <Input.TextArea placeholder="拒绝原因" onChange={(e) => (reason = e.target.value)} />,
      onOk: () =>
        act.mutateAsync(() => unwrap(client.POST('/api/v1/orders/{id}/decline', { ...path(id), body: { reason } }))),
    });
  };
  return (
    <>
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        data-testid="provider-orders"
        columns={[
          { title: '订单编号', dataIndex: 'orderNo' },
          { title: '企业', dataIndex: 'enterpriseName' },
          { title: '商品', dataIndex: 'productName' },
          { title: '服务券抵扣', dataIndex: 'voucherAmount', render: (v: number) => `¥${yuan(v)}` },
          { title: '线下支付', dataIndex: 'cashDue', render: (v: number) => `¥${yuan(v)}` },
          { title: '状态', dataIndex: 'state', render: (v: string) => <Tag>{orderStateText[v] ?? v}</Tag> },
          {
            title: '操作',
            render: (_: unknown, o: { id: string; state: string }) => (
              <Space>
                {o.state === 'awaiting_provider' && (
                  <>
                    <Button
                      type="primary"
                      size="small"
                      onClick={() => act.mutate(() => unwrap(client.POST('/api/v1/orders/{id}/accept', path(o.id))))}
                    >
                      确认订单
                    </Button>
                    <Button size="small" danger onClick={() => decline(o.id)}>
                      拒绝
                    </Button>
                  </>
                )}
                {['accepted', 'in_service', 'delivered'].includes(o.state) && (
                  <Button size="small" onClick={() => setRecording(o.id)}>
                    服务记录
                  </Button>
                )}
                {o.state === 'in_service' && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => act.mutate(() => unwrap(client.POST('/api/v1/orders/{id}/deliver', path(o.id))))}
                  >
                    交付
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={recording !== null}
        title="新增服务记录"
        onCancel={() => setRecording(null)}
        onOk={async () => {
          const v = await form.validateFields();
          await act.mutateAsync(() =>
            unwrap(
              client.POST('/api/v1/orders/{id}/service-records', {
                ...path(recording!),
                body: {
                  date: v.date.format('YYYY-MM-DD'),
                  engineer: v.engineer,
                  description: v.description,
                  ...(v.remark ? { remark: v.remark } : {}),
                },
              }),
            ),
          );
          form.resetFields();
          setRecording(null);
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="date" label="服务日期" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="engineer" label="服务工程师" rules={[{ required: true, max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label="服务内容" rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea />
          </Form.Item>
          <Form.Item name="remark" label="备注" rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
