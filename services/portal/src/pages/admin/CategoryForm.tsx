import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { categoryBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { serverIssues, zodIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { apiDate } from '../../format/time.ts';
import { toFen } from '../../format/money.ts';

type NewCategory = NonNullable<
  paths['/api/v1/lottery/categories']['post']['requestBody']
>['content']['application/json'];

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
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<CategoryFields>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const validity = Form.useWatch('validity', form);
  const create = useMutation({
    mutationFn: (body: NewCategory) => unwrap(client.POST('/api/v1/lottery/categories', { body })),
    onSuccess: () => {
      message.success(t('adminSaved'));
      form.resetFields();
      onClose();
      void queries.invalidateQueries({ queryKey: ['admin', 'categories'] });
    },
    onError: (e) => {
      setRefusal(describe(e));
      showIssues(form, serverIssues(e), issueText, fieldOf);
    },
  });
  const submit = async () => {
    const v = await form.validateFields();
    setRefusal(null);
    const body = {
      code: v.code,
      name: v.name,
      faceValue: toFen(v.faceValueYuan),
      ...(v.validity === 'days'
        ? { validityDays: v.validityDays }
        : { validUntil: v.validUntil && apiDate(v.validUntil) }),
      redemptionMode: v.redemptionMode,
      annualLimit: v.annualLimit,
    };
    const checked = categoryBody.safeParse(body);
    if (!checked.success) return showIssues(form, zodIssues(checked.error), issueText, fieldOf);
    create.mutate(checked.data);
  };
  return (
    <Modal
      open={open}
      title={t('adminNewCategory')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={create.isPending}
      okText={t('adminCreate')}
    >
      <Form<CategoryFields>
        form={form}
        layout="vertical"
        initialValues={{ validity: 'days', redemptionMode: 'balance', annualLimit: 1, validityDays: 180 }}
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
        {refusal && <Alert type="error" title={refusal} />}
      </Form>
    </Modal>
  );
}
