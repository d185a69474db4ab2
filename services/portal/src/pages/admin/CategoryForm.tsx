import { DatePicker, Form, Input, InputNumber, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { categoryBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { apiDate } from '../../format/time.ts';
import { toFen } from '../../format/money.ts';

interface CategoryFields {
  code: string;
  name: string;
  faceValueYuan: number;
  validity: 'days' | 'until';
  validityDays?: number;
  validUntil?: Dayjs;
  redemptionMode: 'single_use' | 'balance';
  annualLimit: number;
}

/** Body fields that the form holds under another name (face value is typed in yuan). */
const fieldOf = (path: string) => (path === 'faceValue' ? 'faceValueYuan' : path.split('.')[0]!);

/** LOT-1: a new voucher category: face value in yuan (sent in fen), validity, redemption mode, annual limit. */
export function CategoryForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  const [form] = Form.useForm<CategoryFields>();
  const validity = Form.useWatch('validity', form);
  return (
    <ModalForm
      open={open}
      onClose={onClose}
      title={t('adminNewCategory')}
      okText={t('adminCreate')}
      form={form}
      initialValues={{ validity: 'days', redemptionMode: 'balance', annualLimit: 1, validityDays: 180 }}
      schema={categoryBody}
      body={(v) => ({
        code: v.code,
        name: v.name,
        faceValue: toFen(v.faceValueYuan),
        ...(v.validity === 'days'
          ? { validityDays: v.validityDays }
          : { validUntil: v.validUntil && apiDate(v.validUntil) }),
        redemptionMode: v.redemptionMode,
        annualLimit: v.annualLimit,
      })}
      send={(body) => unwrap(client.POST('/api/v1/lottery/categories', { body }))}
      fieldOf={fieldOf}
      done={t('adminSaved')}
      refresh={[['admin', 'categories']]}
    >
      <Form.Item
        name="code"
        label={t('adminCategoryCode')}
        rules={[{ required: true }]}
        extra={t('adminCategoryCodeHint')}
      >
        <Input />
      </Form.Item>
      <Form.Item name="name" label={t('adminCategoryName')} rules={[{ required: true }]}>
        <Input placeholder="审计服务专用券" />
      </Form.Item>
      <Form.Item name="faceValueYuan" label={t('adminFaceValueYuan')} rules={[{ required: true }]}>
        <InputNumber min={0.01} precision={2} style={{ width: 200 }} addonAfter={t('yuan')} />
      </Form.Item>
      <Form.Item name="validity" label={t('adminValidity')}>
        <Radio.Group
          options={[
            { value: 'days', label: t('adminValidityDays') },
            { value: 'until', label: t('adminValidUntil') },
          ]}
        />
      </Form.Item>
      {validity === 'until' ? (
        <Form.Item name="validUntil" label={t('adminValidUntil')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      ) : (
        <Form.Item name="validityDays" label={t('adminValidityDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={3660} />
        </Form.Item>
      )}
      <Form.Item name="redemptionMode" label={t('adminRedemptionMode')}>
        <Radio.Group
          options={[
            { value: 'balance', label: t('adminModeBalance') },
            { value: 'single_use', label: t('adminModeSingleUse') },
          ]}
        />
      </Form.Item>
      <Form.Item name="annualLimit" label={t('adminAnnualLimit')} rules={[{ required: true }]}>
        <InputNumber min={1} max={100} />
      </Form.Item>
    </ModalForm>
  );
}
