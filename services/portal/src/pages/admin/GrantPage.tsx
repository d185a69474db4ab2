import { useState } from 'react';
import { Button, Card, Form, Input, Result, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { grantRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { PageForm } from '../../components/CheckedForms.tsx';
import { useLanguage } from '../../i18n/language.tsx';

type Grant = paths['/api/v1/admin/wallet/grants']['post']['responses'][201]['content']['application/json'];
interface GrantFields {
  enterpriseId: string;
  category: string;
  reason: string;
}

const grantBody = grantRequest.omit({ idempotencyKey: true });

/**
 * A voucher granted by hand (API.md /admin/wallet/grants): a win of the
 * category within the enterprise's annual limit (LOT-4), with its reason.
 * One Idempotency-Key per filled form: a second click, or a retry after a
 * lost answer, grants nothing more.
 */
export function GrantPage() {
  const { t } = useLanguage();
  const [form] = Form.useForm<GrantFields>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [granted, setGranted] = useState<Grant | null>(null);
  const categories = useQuery({
    queryKey: ['admin', 'categories'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/categories')),
  });
  const another = () => {
    form.resetFields();
    setGranted(null);
    setKey(crypto.randomUUID());
  };
  return (
    <Card title={t('adminGrants')} style={{ maxWidth: 640 }}>
      {granted ? (
        <Result
          status="success"
          title={<span data-testid="grant-done">{t('adminGranted')}</span>}
          subTitle={
            <Typography.Text copyable={{ text: granted.voucherId }}>
              {t('adminGrantVoucher')} {granted.voucherId}
            </Typography.Text>
          }
          extra={<Button onClick={another}>{t('adminGrantAnother')}</Button>}
        />
      ) : (
        <PageForm
          form={form}
          schema={grantBody}
          body={(v) => ({ ...v, enterpriseId: v.enterpriseId.trim() })}
          send={(body) =>
            unwrap(client.POST('/api/v1/admin/wallet/grants', { body, headers: { 'Idempotency-Key': key } }))
          }
          done={t('adminGranted')}
          onSent={setGranted}
          submitText={t('adminGrant')}
          submitTestId="grant-submit"
        >
          <Typography.Paragraph type="secondary">{t('adminGrantHint')}</Typography.Paragraph>
          <Form.Item
            name="enterpriseId"
            label={t('adminGrantEnterprise')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="grant-enterprise" placeholder="0190…" />
          </Form.Item>
          <Form.Item name="category" label={t('adminGrantCategory')} rules={[{ required: true }]}>
            <Select
              data-testid="grant-category"
              loading={categories.isLoading}
              options={(categories.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('adminGrantReason')}
            rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
          >
            <Input.TextArea data-testid="grant-reason" rows={3} maxLength={500} showCount />
          </Form.Item>
        </PageForm>
      )}
    </Card>
  );
}
