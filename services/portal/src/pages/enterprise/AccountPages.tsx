import { Card, Checkbox, Form, Input, Radio, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { passwordResetRequest, registerRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { PageForm, type PageFormProps } from '../../components/CheckedForms.tsx';
import { useFieldText } from '../../forms/field-issues.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { SmsCodeField } from './SmsCodeButton.tsx';

type AccountFormProps<V, B> = Omit<PageFormProps<V, B, unknown>, 'issueText' | 'onSent' | 'block'> & {
  title: string;
  /** the words of the link back to sign-in */
  backText: string;
};

/**
 * A visitor's form about an account (ID-1 sign-up, ID-7 password reset) on a card of its own, each failed field
 * saying what it wants; once it is sent, the visitor signs in.
 */
function AccountForm<V extends object, B>({ title, backText, children, ...form }: AccountFormProps<V, B>) {
  const fieldText = useFieldText();
  const navigate = useNavigate();
  return (
    <Card title={title} style={{ maxWidth: 480, margin: '32px auto' }}>
      <PageForm {...form} issueText={fieldText} onSent={() => navigate('/login')} block>
        {children}
      </PageForm>
      <div style={{ marginTop: 12, textAlign: 'right' }}>
        <Link to="/login">{backText}</Link>
      </div>
    </Card>
  );
}

/** An account's password under ID-2's rule, and again to confirm it: the first one, or a new one (`newPassword`). */
function PasswordFields({ name }: { name: 'password' | 'newPassword' }) {
  const { t } = useLanguage();
  return (
    <>
      <Form.Item name={name} label={t(name)} extra={t('passwordRule')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="confirmPassword" label={t('confirmPassword')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

/** ID-1 (seed 002 2.3.2 欢迎注册): the account opens at once; certification is a separate review. */
export function RegisterPage() {
  const { t } = useLanguage();
  return (
    <AccountForm
      title={t('registerTitle')}
      initialValues={{ role: 'enterprise' }}
      schema={registerRequest}
      send={(body) => unwrap(client.POST('/api/v1/auth/register', { body }))}
      submitText={t('register')}
      done={t('registered')}
      backText={t('haveAccount')}
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
      <PasswordFields name="password" />
      <SmsCodeField purpose="register" />
      <Form.Item name="agreed" valuePropName="checked">
        <Checkbox>{t('agreement')}</Checkbox>
      </Form.Item>
    </AccountForm>
  );
}

/** ID-7: a forgotten password is reset with the mobile and an SMS code; ID-2's policy applies to the new one. */
export function PasswordResetPage() {
  const { t } = useLanguage();
  return (
    <AccountForm
      title={t('passwordResetTitle')}
      schema={passwordResetRequest}
      send={(body) => unwrap(client.POST('/api/v1/auth/password-reset', { body }))}
      submitText={t('passwordResetSubmit')}
      done={t('passwordResetDone')}
      backText={t('backToLogin')}
    >
      <Typography.Paragraph type="secondary">{t('resetStaffNote')}</Typography.Paragraph>
      <Form.Item name="mobile" label={t('mobile')}>
        <Input prefix="+86" autoComplete="tel" />
      </Form.Item>
      <SmsCodeField purpose="reset_password" />
      <PasswordFields name="newPassword" />
    </AccountForm>
  );
}
