import { Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { generalDirections, generalVoucherBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { PageForm } from '../../components/CheckedForms.tsx';
import { useLanguage } from '../../i18n/language.tsx';
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
  const [form] = Form.useForm();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('addGeneralApplication')}>
        <PageForm
          form={form}
          name="general-voucher"
          style={{ maxWidth: 640 }}
          schema={generalVoucherBody}
          body={(v: { amount: number }) => ({ ...v, amount: toFen(v.amount) })}
          send={(body) => unwrap(client.POST('/api/v1/settlement/general-vouchers', { body }))}
          done={t('redemptionApplied')}
          refresh={[['my-redemptions', 'general']]}
          onSent={() => form.resetFields()}
          submitText={t('submit')}
        >
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
        </PageForm>
      </Card>
      <MyApplicationsPanel kind="general" />
    </Space>
  );
}
