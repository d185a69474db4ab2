import { useState } from 'react';
import { App, AutoComplete, Button, DatePicker, Form, Input, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { serviceRecordBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { yuan } from '../../format/money.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { ApiBody } from './api-body.ts';
import { orderStateWords } from './order-state-words.ts';
import { apiDate } from '../../format/time.ts';
import { TodoPanel } from '../../components/TodoPanel.tsx';

/** The service-record form: the route's body with its date picked on a calendar. */
type RecordForm = Omit<ApiBody<'/api/v1/orders/{id}/service-records', 'post'>, 'date'> & { date: Dayjs };

/**
 * Seed 001 §3-4, ORD-2/6/7 for the provider: its orders, accept (confirming
 * the offline payment) or decline with a reason, record service visits, deliver;
 * 我的待办 above them (the workbench's landing page), its order links marking their row.
 */
export function ProviderOrdersPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [recording, setRecording] = useState<string | null>(null);
  // a to-do's link names its order (`?order=`): that row is marked
  const [search] = useSearchParams();
  const linked = search.get('order');
  const list = usePagedQuery(['provider-orders'], (query) =>
    unwrap(client.GET('/api/v1/orders/mine', { params: { query } })),
  );
  // ORD-6: the engineer is one of the provider's experts, or typed in
  const experts = useQuery({
    queryKey: ['provider-experts', 'names'],
    queryFn: () => unwrap(client.GET('/api/v1/provider/experts', { params: { query: { page: 1, pageSize: 100 } } })),
  });
  // 我的待办 above follows each step too (an accepted order is no longer to accept)
  const afterStep = [['provider-orders'], ['todos']];
  const act = useMutation({
    mutationFn: (step: () => Promise<unknown>) => step(),
    onSuccess: () => Promise.all(afterStep.map((queryKey) => queries.invalidateQueries({ queryKey }))),
    onError: (e) => message.error(describe(e)),
  });
  const path = (id: string) => ({ params: { path: { id } } });
  const decline = (id: string) => {
    let reason = '';
    modal.confirm({
      title: t('declineTitle'),
      content: <Input.TextArea placeholder={t('declineReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () =>
        act.mutateAsync(() => unwrap(client.POST('/api/v1/orders/{id}/decline', { ...path(id), body: { reason } }))),
    });
  };
  return (
    <>
      <TodoPanel />
      <CrudTable
        {...list}
        rowKey="id"
        onRow={(o) => (o.id === linked ? { style: { background: '#e6f4ff' }, 'aria-current': 'true' } : {})}
        data-testid="provider-orders"
        columns={[
          { title: t('wbOrderNo'), dataIndex: 'orderNo' },
          { title: t('orderEnterprise'), dataIndex: 'enterpriseName' },
          { title: t('wbOrderProduct'), dataIndex: 'productName' },
          { title: t('orderVoucherPart'), dataIndex: 'voucherAmount', render: (v: number) => `¥${yuan(v)}` },
          { title: t('orderCashPart'), dataIndex: 'cashDue', render: (v: number) => `¥${yuan(v)}` },
          { title: t('state'), render: (_: unknown, o) => <Tag>{t(orderStateWords[o.state])}</Tag> },
        ]}
        rowActions={(o) => (
          <>
            {o.state === 'awaiting_provider' && (
              <>
                <Button
                  type="primary"
                  size="small"
                  onClick={() => act.mutate(() => unwrap(client.POST('/api/v1/orders/{id}/accept', path(o.id))))}
                >
                  {t('acceptOrder')}
                </Button>
                <Button size="small" danger onClick={() => decline(o.id)}>
                  {t('declineOrder')}
                </Button>
              </>
            )}
            {['accepted', 'in_service', 'delivered'].includes(o.state) && (
              <Button size="small" onClick={() => setRecording(o.id)}>
                {t('recordService')}
              </Button>
            )}
            {o.state === 'in_service' && (
              <Button
                size="small"
                type="primary"
                onClick={() => act.mutate(() => unwrap(client.POST('/api/v1/orders/{id}/deliver', path(o.id))))}
              >
                {t('deliverOrder')}
              </Button>
            )}
          </>
        )}
      />
      <ModalForm
        open={recording !== null}
        onClose={() => setRecording(null)}
        title={t('newServiceRecord')}
        schema={serviceRecordBody}
        body={(v: RecordForm) => ({ ...v, date: apiDate(v.date), remark: v.remark || undefined })}
        send={(body) => unwrap(client.POST('/api/v1/orders/{id}/service-records', { ...path(recording!), body }))}
        refresh={afterStep}
      >
        <Form.Item name="date" label={t('wbServiceDate')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="engineer" label={t('serviceEngineer')} rules={[{ required: true, max: 50 }]}>
          <AutoComplete options={(experts.data?.items ?? []).map((x) => ({ value: x.name }))} />
        </Form.Item>
        <Form.Item name="description" label={t('wbServiceDescription')} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea />
        </Form.Item>
        <Form.Item name="remark" label={t('serviceRemark')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
      </ModalForm>
    </>
  );
}
