import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { passwordResetRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { SmsCodeButton } from './SmsCodeButton.tsx';
import { clearChangedIssues, useFieldText, showIssues, zodIssues } from '../../forms/field-issues.ts';
import type { RequestBody } from './api-shapes.ts';

type ResetBody = RequestBody<'/api/v1/auth/password-reset', 'post'>;

/** ID-7: a forgotten password is reset with the mobile and an SMS code; ID-2's policy applies to the new one. */
export function PasswordResetPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Partial<ResetBody>>();
  const mobile = Form.useWatch('mobile', form);
  const [checkFailed, setCheckFailed] = useState(false);
  const reset = useMutation({
    mutationFn: (body: ResetBody) => unwrap(client.POST('/api/v1/auth/password-reset', { body })),
    onSuccess: () => {
      message.success(t('passwordResetDone'));
      navigate('/login');
    },
  });

  const submit = (values: Partial<ResetBody>) => {
    const checked = passwordResetRequest.safeParse(values);
    setCheckFailed(!checked.success);
    if (!checked.success) return showIssues(form, zodIssues(checked.error), fieldText);
    reset.mutate(checked.data);
  };

  return (
    <Card title={t('passwordResetTitle')} style={{ maxWidth: 480, margin: '32px auto' }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed) => clearChangedIssues(form, changed)}
      >
        <Typography.Paragraph type="secondary">{t('resetStaffNote')}</Typography.Paragraph>
        <Form.Item name="mobile" label={t('mobile')}>
          <Input prefix="+86" autoComplete="tel" />
        </Form.Item>
        <Form.Item label={t('smsCode')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="smsCode" noStyle>
              <Input maxLength={6} aria-label={t('smsCode')} />
            </Form.Item>
            <SmsCodeButton mobile={mobile} purpose="reset_password" />
          </Space.Compact>
        </Form.Item>
        <Form.Item name="newPassword" label={t('newPassword')} extra={t('passwordRule')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={t('confirmPassword')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {reset.error && !checkFailed && (
          <Alert type="error" title={describe(reset.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
        )}
        <Button type="primary" htmlType="submit" loading={reset.isPending} block>
          {t('passwordResetSubmit')}
        </Button>
        <div style={{ marginTop: 12, textAlign: 'right' }}>
          <Link to="/login">{t('backToLogin')}</Link>
        </div>
      </Form>
    </Card>
  );
}
