import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { passwordLoginRequest, secondFactorRequest, smsLoginRequest, type Role } from '@voucher/contracts';
import { ApiError, client, tokens, unwrap } from '../api/client.ts';
import { programmeRoles } from '../auth/guards.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';
import { SmsCodeField } from './enterprise/SmsCodeButton.tsx';
import { CaptchaImage } from '../components/CaptchaImage.tsx';
import { FormError } from '../components/ErrorAlerts.tsx';
import type { Reply, RequestBody } from './enterprise/api-shapes.ts';

interface Captcha {
  captchaId: string;
  svg: string;
}

type SignedIn = Reply<'/api/v1/auth/login/second-factor', 'post'>;
type SecondStep = Extract<Reply<'/api/v1/auth/login', 'post'>, { secondFactor: unknown }>['secondFactor'];

/** Where each audience starts: programme staff in the console, enterprises in their voucher bag, providers at their orders. */
function homeOf(role: Role): string {
  if ((programmeRoles as readonly Role[]).includes(role)) return '/admin';
  if (role === 'enterprise') return '/wallet';
  if (role === 'provider' || role === 'provider_staff') return '/workbench/orders';
  return '/';
}

/** The end of a sign-in form: why the last try failed, then the button. */
function SignInButton({ error, busy }: { error: string | null; busy: boolean }) {
  const { t } = useLanguage();
  return (
    <>
      <FormError text={error} />
      <Button type="primary" htmlType="submit" loading={busy} block>
        {t('login')}
      </Button>
    </>
  );
}

/**
 * A sign-in form's try: busy while its request runs, and why it was refused, in the reader's words; `refused` does
 * what more a refusal asks of the form (a captcha to show, the password to type again).
 */
function useSignInTry() {
  const describe = useDescribeError();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = async (request: () => Promise<void>, refused?: (e: ApiError) => Promise<void> | void) => {
    setBusy(true);
    setError(null);
    try {
      await request();
    } catch (err) {
      setError(describe(err));
      await refused?.(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, attempt };
}

/** Keeps the session and opens the user's home. */
function useEnter(): (pair: SignedIn) => void {
  const navigate = useNavigate();
  return (pair) => {
    // the refresh token stays in the gateway's HttpOnly cookie: the page keeps the access token alone
    tokens.write({ accessToken: pair.accessToken });
    navigate(homeOf(pair.user.role));
  };
}

/**
 * A7: the second step of a programme staff member's sign-in: the password was right, and the code sent to the
 * account's mobile (shown masked) completes it.
 */
function SecondFactorStep({ step, onRestart }: { step: SecondStep; onRestart: (why?: string) => void }) {
  const { t } = useLanguage();
  const enter = useEnter();
  const { error, setError, busy, attempt } = useSignInTry();

  const submit = async (values: { smsCode?: string }) => {
    const checked = secondFactorRequest.safeParse({ challengeId: step.challengeId, smsCode: values.smsCode });
    if (!checked.success) return setError(t('smsCodeRule'));
    await attempt(
      async () => enter(await unwrap(client.POST('/api/v1/auth/login/second-factor', { body: checked.data }))),
      // the challenge lived as long as the code: past it, the password again
      (e) => (e.code === 'UNAUTHENTICATED' ? onRestart(t('secondFactorExpired')) : undefined),
    );
  };

  return (
    <Form layout="vertical" onFinish={submit} data-testid="second-factor">
      <Alert type="info" title={`${t('secondFactorSent')} ${step.maskedMobile}`} style={{ marginBottom: 16 }} />
      <Form.Item name="smsCode" label={t('smsCode')}>
        <Input maxLength={6} autoComplete="one-time-code" autoFocus />
      </Form.Item>
      <SignInButton error={error} busy={busy} />
      <Button type="link" onClick={() => onRestart()} style={{ paddingLeft: 0, marginTop: 8 }}>
        {t('secondFactorBack')}
      </Button>
    </Form>
  );
}

/**
 * ID-3: username or mobile with the password; after failures the gateway asks for a captcha, shown here. For
 * programme staff the password is the first of two factors (A7): the code sent to their mobile follows.
 */
function PasswordSignIn() {
  const { t } = useLanguage();
  const enter = useEnter();
  const { error, setError, busy, attempt } = useSignInTry();
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [step, setStep] = useState<SecondStep | null>(null);

  const newCaptcha = async () => setCaptcha(await unwrap(client.GET('/api/v1/auth/captcha')));

  const submit = async (values: { account: string; password: string; captchaText?: string }) => {
    const body = {
      account: values.account,
      password: values.password,
      ...(captcha && values.captchaText ? { captcha: { id: captcha.captchaId, text: values.captchaText } } : {}),
    };
    // the same rules the gateway applies (libs/contracts), before the request leaves
    const checked = passwordLoginRequest.safeParse(body);
    if (!checked.success) return setError(t('fieldInvalid'));
    await attempt(
      async () => {
        const reply = await unwrap(client.POST('/api/v1/auth/login', { body: checked.data }));
        if ('secondFactor' in reply) {
          setCaptcha(null);
          setStep(reply.secondFactor);
        } else enter(reply);
      },
      async (e) => {
        if (e.code === 'CAPTCHA_REQUIRED' || e.code === 'CAPTCHA_INVALID' || captcha) await newCaptcha();
      },
    );
  };

  if (step) {
    return (
      <SecondFactorStep
        step={step}
        onRestart={(why) => {
          setStep(null);
          setError(why ?? null);
        }}
      />
    );
  }

  return (
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
            <CaptchaImage svg={captcha.svg} onRefresh={newCaptcha} />
          </Space>
        </Form.Item>
      )}
      <SignInButton error={error} busy={busy} />
    </Form>
  );
}

/** ID-3: mobile and an SMS code sent for signing in. */
function SmsSignIn() {
  const { t } = useLanguage();
  const enter = useEnter();
  const { error, setError, busy, attempt } = useSignInTry();

  const submit = async (values: Partial<Extract<RequestBody<'/api/v1/auth/login', 'post'>, { smsCode: string }>>) => {
    const checked = smsLoginRequest.safeParse(values);
    if (!checked.success)
      return setError(t(checked.error.issues[0]?.path[0] === 'mobile' ? 'mobileInvalid' : 'smsCodeRule'));
    await attempt(async () => {
      const reply = await unwrap(client.POST('/api/v1/auth/login', { body: checked.data }));
      // an SMS code alone never asks for a second factor: that is the password login's (A7)
      if ('secondFactor' in reply) setError(t('smsSignInStaffNote'));
      else enter(reply);
    });
  };

  return (
    <Form layout="vertical" onFinish={submit}>
      <Typography.Paragraph type="secondary">{t('smsSignInStaffNote')}</Typography.Paragraph>
      <Form.Item name="mobile" label={t('mobile')}>
        <Input prefix="+86" autoComplete="tel" />
      </Form.Item>
      <SmsCodeField purpose="login" />
      <SignInButton error={error} busy={busy} />
    </Form>
  );
}

/** ID-3 (seed 002 2.3.3): 密码登录 or 短信登录, with the ways to register and to reset a forgotten password. */
export function LoginPage() {
  const { t } = useLanguage();
  return (
    <Card title={t('login')} style={{ maxWidth: 420, margin: '48px auto' }}>
      <Tabs
        items={[
          { key: 'password', label: t('passwordSignIn'), children: <PasswordSignIn /> },
          { key: 'sms', label: t('smsSignIn'), children: <SmsSignIn /> },
        ]}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 12 }}>
        <Link to="/register">{t('register')}</Link>
        <Link to="/password-reset">{t('forgotPassword')}</Link>
      </Space>
    </Card>
  );
}
