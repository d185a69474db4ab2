import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, Radio, Space } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { registerRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { SmsCodeButton } from './SmsCodeButton.tsx';
import { clearChangedIssues, useFieldText, showIssues, zodIssues } from '../../forms/field-issues.ts';
import type { RequestBody } from './api-shapes.ts';

type RegisterValues = Partial<Omit<RequestBody<'/api/v1/auth/register', 'post'>, 'agreed'> & { agreed: boolean }>;

/** ID-1 (seed 002 2.3.2 欢迎注册): the account opens at once; certification is a separate review. */
export function RegisterPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterValues>();
  const mobile = Form.useWatch('mobile', form);
  const [checkFailed, setCheckFailed] = useState(false);
  const register = useMutation({
    mutationFn: (body: RequestBody<'/api/v1/auth/register', 'post'>) =>
      unwrap(client.POST('/api/v1/auth/register', { body })),
    onSuccess: () => {
      message.success(t('registered'));
      navigate('/login');
    },
  });

  const submit = (values: RegisterValues) => {
    const checked = registerRequest.safeParse(values);
    setCheckFailed(!checked.success);
    if (!checked.success) return showIssues(form, zodIssues(checked.error), fieldText);
    register.mutate(checked.data);
  };

  return (
    <Card title={t('registerTitle')} style={{ maxWidth: 480, margin: '32px auto' }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ role: 'enterprise' }}
        onValuesChange={(changed) => clearChangedIssues(form, changed)}
      >
        <Form.Item name="role" label={t('role')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'enterprise', label: t('roleEnterprise') },
              { value: 'provider', label: t('roleProvider') },
            ]}
          />
        </Form.Item>
        <Form.Item name="username" label={t('username')} extra={t('usernameRule')}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="mobile" label={t('mobile')}>
          <Input prefix="+86" autoComplete="tel" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} extra={t('passwordRule')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={t('confirmPassword')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('smsCode')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="smsCode" noStyle>
              <Input maxLength={6} aria-label={t('smsCode')} />
            </Form.Item>
            <SmsCodeButton mobile={mobile} purpose="register" />
          </Space.Compact>
        </Form.Item>
        <Form.Item name="agreed" valuePropName="checked">
          <Checkbox>{t('agreement')}</Checkbox>
        </Form.Item>
        {register.error && !checkFailed && (
          <Alert type="error" title={describe(register.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
        )}
        <Button type="primary" htmlType="submit" loading={register.isPending} block>
          {t('register')}
        </Button>
        <div style={{ marginTop: 12, textAlign: 'right' }}>
          <Link to="/login">{t('haveAccount')}</Link>
        </div>
      </Form>
    </Card>
  );
}
