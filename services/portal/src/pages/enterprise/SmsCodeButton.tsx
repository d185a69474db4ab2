import { useEffect, useState } from 'react';
import { App, Button } from 'antd';
import { mobileSchema, type SmsPurpose } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';

/** ID-6: one code per mobile and purpose every 60 s, so the button counts the wait down after a send. */
const WAIT_SECONDS = 60;

/** Sends an SMS code for a purpose to the mobile typed beside it, then counts down before the next one. */
export function SmsCodeButton({ mobile, purpose }: { mobile: string | undefined; purpose: SmsPurpose }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [left, setLeft] = useState(0);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);

  const send = async () => {
    const checked = mobileSchema.safeParse(mobile);
    if (!checked.success) return void message.error(t('mobileInvalid'));
    setSending(true);
    try {
      await unwrap(client.POST('/api/v1/auth/sms-codes', { body: { mobile: checked.data, purpose } }));
      message.success(t('smsCodeSent'));
      setLeft(WAIT_SECONDS);
    } catch (err) {
      message.error(describe(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <Button onClick={send} loading={sending} disabled={left > 0} data-testid="send-sms-code">
      {left > 0 ? `${left}${t('secondsToResend')}` : t('sendSmsCode')}
    </Button>
  );
}
