import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { generalDirections, generalVoucherBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { checked, serverIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { MyApplicationsPanel } from './MyApplicationsPanel.tsx';
import { RedemptionMaterialsFields } from './RedemptionMaterialsFields.tsx';
import { toFen } from '../../format/money.ts';

/**
 * SET-5 (seed 002 1.4.7.2 通用服务券-兑付申请): a redemption filed by hand
 * with the enterprise, the order number, the direction, the amount in yuan
 * and the materials; an operator approves it before the payment steps.
 */
export function GeneralVoucherPanel() {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    const body = checked(generalVoucherBody, { ...v, amount: toFen(v.amount) }, form, issueText);
    if (!body) return;
    setBusy(true);
    try {
      await unwrap(client.POST('/api/v1/settlement/general-vouchers', { body }));
      message.success(t('redemptionApplied'));
      form.resetFields();
      await queries.invalidateQueries({ queryKey: ['my-redemptions', 'general'] });
    } catch (e) {
      showIssues(form, serverIssues(e), issueText);
      message.error(describe(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('addGeneralApplication')}>
        <Form form={form} name="general-voucher" layout="vertical" style={{ maxWidth: 640 }}>
          <Form.Item name="enterpriseName" label={t('servedEnterprise')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="orderNo" label={t('wbOrderNo')} extra={t('orderNoHint')} rules={[{ required: true }]}>
            <Input maxLength={24} />
          </Form.Item>
          <Form.Item name="direction" label={t('supportDirection')} rules={[{ required: true }]}>
            <Select options={generalDirections.map((d) => ({ value: d, label: d }))} />
          </Form.Item>
          <Form.Item name="amount" label={t('applicationAmount')} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
          </Form.Item>
          <RedemptionMaterialsFields />
          <Button type="primary" onClick={submit} loading={busy}>
            {t('submit')}
          </Button>
        </Form>
      </Card>
      <MyApplicationsPanel kind="general" />
    </Space>
  );
}
