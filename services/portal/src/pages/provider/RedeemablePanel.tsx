import { useState } from 'react';
import { Alert, App, Button, Form, Modal, Result, Space, Table } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { applicationBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { yuan } from '../../format/money.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { checked, serverIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { RedemptionMaterialsFields } from './RedemptionMaterialsFields.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

const PAGE_SIZE = 20;

/** SET-2 (seed 002 1.4.7.1): voucher payments of completed orders, chosen for one redemption application. */
export function RedeemablePanel({ onApplied }: { onApplied: () => void }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [applying, setApplying] = useState(false);
  const list = useQuery({
    queryKey: ['redeemable', page],
    queryFn: () =>
      unwrap(client.GET('/api/v1/settlement/redeemable', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  const items = list.data?.items ?? [];
  const chosenAmount = items.filter((i) => selected.includes(i.id)).reduce((sum, i) => sum + i.amount, 0);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" title={t('redeemOnlyCompleted')} />
      <Space>
        <Button
          type="primary"
          disabled={selected.length === 0}
          onClick={() => setApplying(true)}
          data-testid="start-redemption"
        >
          {t('startRedemption')}
        </Button>
        <span data-testid="selected-amount">
          {t('selectedCount')} {selected.length}，¥{yuan(chosenAmount)}
        </span>
      </Space>
      <Table
        rowKey="id"
        data-testid="redeemable"
        loading={list.isLoading}
        dataSource={items}
        locale={{ emptyText: t('empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('voucherNumber'), dataIndex: 'voucherNumber' },
          { title: t('wbVoucherCategory'), dataIndex: 'category' },
          { title: t('deductedAmount'), dataIndex: 'amount', render: (v: number) => `¥${yuan(v)}` },
          { title: t('claimingEnterprise'), dataIndex: 'enterpriseName' },
          { title: t('wbOrderNo'), dataIndex: 'orderNo' },
          { title: t('completedAt'), dataIndex: 'completedAt', render: shanghaiDateTime },
        ]}
      />
      {applying && (
        <RedemptionApplicationModal
          paymentIds={selected}
          amount={chosenAmount}
          onClose={() => setApplying(false)}
          onApplied={() => {
            setApplying(false);
            setSelected([]);
            onApplied();
          }}
        />
      )}
    </Space>
  );
}

interface ApplicationModalProps {
  paymentIds: string[];
  amount: number;
  onClose: () => void;
  onApplied: () => void;
}

/** 发起兑换: the chosen payments with the receiving account and the four materials (SET-2). */
function RedemptionApplicationModal({ paymentIds, amount, onClose, onApplied }: ApplicationModalProps) {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    const body = checked(applicationBody, { ...v, paymentIds }, form, issueText);
    if (!body) return;
    setBusy(true);
    try {
      await unwrap(client.POST('/api/v1/settlement/applications', { body }));
      message.success(t('redemptionApplied'));
      await queries.invalidateQueries({ queryKey: ['redeemable'] });
      await queries.invalidateQueries({ queryKey: ['my-redemptions'] });
      onApplied();
    } catch (e) {
      showIssues(form, serverIssues(e), issueText);
      message.error(describe(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('startRedemption')}（¥${yuan(amount)}）`}
      onOk={submit}
      onCancel={onClose}
      okText={t('okButton')}
      confirmLoading={busy}
      width={640}
    >
      <Form form={form} name="redemption" layout="vertical">
        <RedemptionMaterialsFields />
      </Form>
    </Modal>
  );
}
