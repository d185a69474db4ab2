import { randomInt } from 'node:crypto';
import { zonedDay } from '@voucher/kit/calendar';

/** ID-6: 6 digits, valid 5 minutes, one send per mobile and purpose per 60 s, 10 a day, 5 tries per code. */
export const SMS_CODE_TTL_SECONDS = 5 * 60;
export const SMS_RESEND_SECONDS = 60;
export const SMS_DAILY_LIMIT = 10;
export const SMS_MAX_ATTEMPTS = 5;

/**
 * ID-6: who is sent a code: a registration code only to a mobile without an
 * account, any other only to a mobile with one. The sender's answer never
 * says which it was.
 */
export function mayReceiveCode(purpose: string, mobileHasAccount: boolean): boolean {
  return purpose === 'register' ? !mobileHasAccount : mobileHasAccount;
}

export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function smsText(code: string, purpose: string): string {
  const what: Record<string, string> = {
    register: '注册',
    login: '登录',
    reset_password: '重置密码',
    reset_pin: '重置支付密码',
  };
  return `【中小企业服务券】您的${what[purpose] ?? ''}验证码为${code}，5分钟内有效，请勿泄露。`;
}

/** The business day an SMS counts against (DOMAIN §0: the programme's zone). */
export function smsDay(now: Date, timeZone = 'Asia/Shanghai'): string {
  return zonedDay(now, timeZone);
}
