import { randomInt } from 'node:crypto';
import type { SmsPurpose } from '@voucher/contracts';
import { zonedDay, zonedParts } from '@voucher/kit/calendar';
import { maySignInBySmsAlone } from './second-factor.ts';

/** ID-6: 6 digits, valid 5 minutes, one send per mobile and purpose per 60 s, 10 a day, 5 tries per code. */
export const SMS_CODE_TTL_SECONDS = 5 * 60;
export const SMS_RESEND_SECONDS = 60;
export const SMS_DAILY_LIMIT = 10;
export const SMS_MAX_ATTEMPTS = 5;
/**
 * ID-6: failed verifications a mobile may have for one purpose in a day before
 * its codes for that purpose are refused until the day ends: two codes' worth,
 * so guessing a 6-digit code succeeds with a chance of 1 in 100,000 a day
 * (without it, 10 codes of 5 tries: 1 in 20,000). Counted per purpose, so
 * strangers guessing at a mobile's SMS login cannot lock its owner's other uses.
 */
export const SMS_DAILY_FAILURE_LIMIT = 10;

/**
 * ID-6: who is sent the code a person asks for: a registration code only to a
 * mobile without an account (ID-1: a mobile is one account's); a login or password-reset code only to an account
 * that may sign in by SMS alone (not a platform role, A7); a PIN code (first PIN
 * or reset) only to an enterprise (WAL-2). The sender's answer never says which it was.
 */
export function mayReceiveCode(purpose: SmsPurpose, account: { role: string } | undefined): boolean {
  switch (purpose) {
    case 'register':
      return account === undefined;
    case 'login':
    case 'reset_password':
      return account !== undefined && maySignInBySmsAlone(account.role);
    case 'set_pin':
    case 'reset_pin':
      return account?.role === 'enterprise';
  }
}

export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function smsText(code: string, purpose: string): string {
  const what: Record<string, string> = {
    register: '注册',
    login: '登录',
    reset_password: '重置密码',
    set_pin: '设置支付密码',
    reset_pin: '重置支付密码',
    second_factor: '登录验证',
  };
  return `【中小企业服务券】您的${what[purpose] ?? ''}验证码为${code}，5分钟内有效，请勿泄露。`;
}

/** The business day an SMS counts against (DOMAIN §0: the programme's zone). */
export function smsDay(now: Date, timeZone = 'Asia/Shanghai'): string {
  return zonedDay(now, timeZone);
}

/** Seconds until that business day ends, when a mobile locked for the day may try again. */
export function secondsLeftInDay(now: Date, timeZone = 'Asia/Shanghai'): number {
  const p = zonedParts(now, timeZone);
  return 86_400 - (p.hour * 3600 + p.minute * 60 + p.second);
}

/** The clock hour the platform's SMS budget counts in (ID-6: SMS pumping costs the programme money). */
export function budgetHour(now: Date): { hour: number; secondsLeft: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  return { hour: Math.floor(seconds / 3600), secondsLeft: 3600 - (seconds % 3600) };
}
