import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { wallet } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { FormError } from '../../components/ErrorAlerts.tsx';
import { PinPad } from './PinPad.tsx';
import { SmsCodeButton } from './SmsCodeButton.tsx';
import { clearChangedIssues, useFieldText, showIssues, zodIssues } from '../../forms/field-issues.ts';
import type { RequestBody } from './api-shapes.ts';

type SetBody = RequestBody<'/api/v1/wallet/pin', 'put'>;
type ResetBody = RequestBody<'/api/v1/wallet/pin/reset', 'post'>;
type Way = 'set' | 'change' | 'reset';

/** The form's fields carry the contract's names: `pin` to set or change, `newPin` to reset. */
interface PinValues {
  password?: string;
  oldPin?: string;
  pin?: string;
  newPin?: string;
  confirmPin?: string;
  smsCode?: string;
}

const doneWords: Record<Way, MessageKey> = { set: 'pinSet', change: 'pinChanged', reset: 'pinReset' };

/** One way to set the PIN (WAL-2): first time, with the old PIN, or with an SMS code sent to the account's mobile. */
function PinForm({ way }: { way: Way }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const fieldText = useFieldText();
  const { user } = useSession();
  const [form] = Form.useForm<PinValues>();
  const [checkFailed, setCheckFailed] = useState(false);
  const save = useMutation({
    mutationFn: (body: { kind: 'set'; body: SetBody } | { kind: 'reset'; body: ResetBody }) =>
      unwrap(
        body.kind === 'set'
          ? client.PUT('/api/v1/wallet/pin', { body: body.body })
          : client.POST('/api/v1/wallet/pin/reset', { body: body.body }),
      ),
    onSuccess: () => form.resetFields(),
  });

  const submit = (values: PinValues) => {
    save.reset();
    const chosen = way === 'reset' ? values.newPin : values.pin;
    if (chosen !== values.confirmPin) {
      setCheckFailed(true);
      return form.setFields([{ name: 'confirmPin', errors: [t('pinsDiffer')] }]);
    }
    if (way === 'reset') {
      const checked = wallet.resetPin.request.safeParse({ smsCode: values.smsCode, newPin: values.newPin });
      setCheckFailed(!checked.success);
      if (!checked.success) return showIssues(form, zodIssues(checked.error), fieldText);
      return save.mutate({ kind: 'reset', body: checked.data });
    }
    // WAL-2: a first PIN is proven with the login password, a change with the old PIN
    const checked = wallet.setPin.request.safeParse({
      pin: values.pin,
      ...(way === 'change' ? { oldPin: values.oldPin } : { password: values.password }),
    });
    if (checked.success && way === 'set' && !checked.data.password) {
      setCheckFailed(true);
      return form.setFields([{ name: 'password', errors: [t('passwordRequired')] }]);
    }
    setCheckFailed(!checked.success);
    if (!checked.success) return showIssues(form, zodIssues(checked.error), fieldText);
    save.mutate({ kind: 'set', body: checked.data });
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={(changed) => clearChangedIssues(form, changed)}
      style={{ maxWidth: 420 }}
      data-testid={`pin-form-${way}`}
    >
      {way === 'set' && (
        <Form.Item name="password" label={t('loginPassword')} extra={t('pinProofRule')}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      )}
      {way === 'change' && (
        <Form.Item name="oldPin" label={t('oldPin')}>
          <PinPad />
        </Form.Item>
      )}
      {way === 'reset' && (
        <Form.Item label={t('smsCode')} required extra={`${t('smsToAccountMobile')} ${user?.mobile ?? ''}`}>
          <Space>
            <Form.Item name="smsCode" noStyle>
              <PinPad />
            </Form.Item>
            <SmsCodeButton mobile={user?.mobile} purpose="reset_pin" />
          </Space>
        </Form.Item>
      )}
      <Form.Item name={way === 'reset' ? 'newPin' : 'pin'} label={t('newPin')} extra={t('pinRule')}>
        <PinPad />
      </Form.Item>
      <Form.Item name="confirmPin" label={t('confirmPin')}>
        <PinPad />
      </Form.Item>
      <FormError text={save.error && !checkFailed ? describe(save.error) : null} />
      {save.isSuccess && (
        <Alert type="success" title={t(doneWords[way])} style={{ marginBottom: 16 }} data-testid="pin-saved" />
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('submit')}
      </Button>
    </Form>
  );
}

/** WAL-2 (seed 003 §4.4 支付密码维护): set the payment PIN once, then change it or reset it by SMS. */
export function PinPage() {
  const { t } = useLanguage();
  return (
    <Card title={t('pinMaintenance')}>
      <Typography.Paragraph type="secondary">{t('pinIntro')}</Typography.Paragraph>
      <Tabs
        destroyOnHidden
        items={(['set', 'change', 'reset'] as const).map((way) => ({
          key: way,
          label: t(way === 'set' ? 'setPin' : way === 'change' ? 'changePin' : 'resetPin'),
          children: <PinForm way={way} />,
        }))}
      />
    </Card>
  );
}
