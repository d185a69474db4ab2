import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Result, Select, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { grantRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { serverIssues, showIssues, useIssueText, zodIssues } from '../../forms/field-issues.ts';

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
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantFields>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [refusal, setRefusal] = useState<string | null>(null);
  const [granted, setGranted] = useState<Grant | null>(null);
  const categories = useQuery({
    queryKey: ['admin', 'categories'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/categories')),
  });
  const grant = useMutation({
    mutationFn: (body: GrantFields) =>
      unwrap(client.POST('/api/v1/admin/wallet/grants', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: (g) => {
      message.success(t('adminGranted'));
      setGranted(g);
    },
    onError: (e) => {
      setRefusal(describe(e));
      showIssues(form, serverIssues(e), issueText);
    },
  });
  const submit = async () => {
    const v = await form.validateFields();
    setRefusal(null);
    const checked = grantBody.safeParse({ ...v, enterpriseId: v.enterpriseId.trim() });
    if (!checked.success) return showIssues(form, zodIssues(checked.error), issueText);
    grant.mutate(checked.data);
  };
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
        <Form<GrantFields> form={form} layout="vertical" onFinish={() => void submit()}>
          <Typography.Paragraph type="secondary">{t('adminGrantHint')}</Typography.Paragraph>
          {refusal && <Alert type="error" showIcon message={refusal} style={{ marginBottom: 16 }} />}
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
          <Button type="primary" htmlType="submit" loading={grant.isPending} data-testid="grant-submit">
            {t('adminGrant')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
