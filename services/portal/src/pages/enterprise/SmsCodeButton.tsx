import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { mobileSchema, type SmsPurpose } from '@voucher/contracts';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { CaptchaImage } from '../../components/CaptchaImage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';

/** ID-6: one code per mobile and purpose every 60 s, so the button counts the wait down after a send. */
const WAIT_SECONDS = 60;

interface Captcha {
  captchaId: string;
  svg: string;
}

/**
 * Sends an SMS code for a purpose to the mobile typed beside it, once the person
 * has answered an image captcha (ID-6: no code leaves for a script), then counts
 * down before the next one.
 */
export function SmsCodeButton({ mobile, purpose }: { mobile: string | undefined; purpose: SmsPurpose }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [left, setLeft] = useState(0);
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);

  const newCaptcha = async () => {
    setAnswer('');
    setCaptcha(await unwrap(client.GET('/api/v1/auth/captcha')));
  };

  const open = async () => {
    if (!mobileSchema.safeParse(mobile).success) return void message.error(t('mobileInvalid'));
    setError(null);
    try {
      await newCaptcha();
    } catch (err) {
      message.error(describe(err));
    }
  };

  const send = async () => {
    if (!captcha || !mobile || answer.trim() === '') return;
    setSending(true);
    try {
      await unwrap(
        client.POST('/api/v1/auth/sms-codes', {
          body: { mobile, purpose, captcha: { id: captcha.captchaId, text: answer.trim() } },
        }),
      );
      setCaptcha(null);
      message.success(t('smsCodeSent'));
      setLeft(WAIT_SECONDS);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CAPTCHA_INVALID') {
        // a captcha answers once: a wrong answer needs a new image
        setError(describe(err));
        await newCaptcha().catch(() => setCaptcha(null));
      } else {
        setCaptcha(null);
        message.error(describe(err));
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Button onClick={open} disabled={left > 0} data-testid="send-sms-code">
        {left > 0 ? `${left}${t('secondsToResend')}` : t('sendSmsCode')}
      </Button>
      <Modal
        open={captcha !== null}
        title={t('captchaBeforeSms')}
        okText={t('sendSmsCode')}
        onOk={send}
        confirmLoading={sending}
        okButtonProps={{ disabled: answer.trim() === '' }}
        onCancel={() => setCaptcha(null)}
        destroyOnHidden
      >
        {captcha && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('captchaRefresh')}</Typography.Text>
            <Space>
              <Input
                aria-label={t('captcha')}
                value={answer}
                onChange={(e) => setAnswer(e.target.value)}
                onPressEnter={send}
                maxLength={16}
                autoFocus
                style={{ width: 140 }}
                data-testid="sms-captcha-answer"
              />
              <CaptchaImage svg={captcha.svg} onRefresh={() => void newCaptcha()} />
            </Space>
            {error && <Alert type="error" title={error} data-testid="sms-captcha-error" />}
          </Space>
        )}
      </Modal>
    </>
  );
}

/** The SMS code field of a form with a `mobile`: the code typed beside the button that sends it there. */
export function SmsCodeField({ purpose }: { purpose: SmsPurpose }) {
  const { t } = useLanguage();
  const mobile = Form.useWatch<string | undefined>('mobile');
  return (
    <Form.Item label={t('smsCode')} required>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name="smsCode" noStyle>
          <Input maxLength={6} aria-label={t('smsCode')} />
        </Form.Item>
        <SmsCodeButton mobile={mobile} purpose={purpose} />
      </Space.Compact>
    </Form.Item>
  );
}
