import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { passwordLoginRequest } from '@voucher/contracts';
import { ApiError, client, tokens, unwrap } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';

interface Captcha {
  captchaId: string;
  svg: string;
}

/** ID-3: password sign-in; after failures the gateway asks for a captcha, shown here. */
export function LoginPage() {
  const describe = useDescribeError();
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [busy, setBusy] = useState(false);

  const newCaptcha = async () => setCaptcha(await unwrap(client.GET('/api/v1/auth/captcha')));

  const submit = async (values: { account: string; password: string; captchaText?: string }) => {
    const body = {
      account: values.account,
      password: values.password,
      ...(captcha && values.captchaText ? { captcha: { id: captcha.captchaId, text: values.captchaText } } : {}),
    };
    // the same rules the gateway applies (libs/contracts), before the request leaves
    const checked = passwordLoginRequest.safeParse(body);
    if (!checked.success) return setError(checked.error.issues.map((i) => i.message).join('; '));
    setBusy(true);
    setError(null);
    try {
      const pair = await unwrap(client.POST('/api/v1/auth/login', { body: checked.data }));
      tokens.write({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      const home: Record<string, string> = {
        enterprise: '/wallet',
        provider: '/workbench/orders',
        provider_staff: '/workbench/orders',
      };
      navigate(home[pair.user.role] ?? '/');
    } catch (err) {
      const e = err as ApiError;
      setError(describe(e));
      if (e.code === 'CAPTCHA_REQUIRED' || e.code === 'CAPTCHA_INVALID' || captcha) await newCaptcha();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('login')} style={{ maxWidth: 420, margin: '48px auto' }}>
      <Form layout="vertical" onFinish={submit}>
        <Form.Item name="account" label={t('account')} rules={[{ required: true }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {captcha && (
          <Form.Item name="captchaText" label={t('captcha')} rules={[{ required: true }]}>
            <Space>
              <Input style={{ width: 120 }} />
              <span
                role="img"
                aria-label={t('captcha')}
                onClick={newCaptcha}
                style={{ cursor: 'pointer' }}
                dangerouslySetInnerHTML={{ __html: captcha.svg }}
              />
            </Space>
          </Form.Item>
        )}
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('login')}
        </Button>
      </Form>
    </Card>
  );
}
