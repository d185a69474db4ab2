import type { ErrorCode } from '@voucher/contracts';
import { ApiError } from '../api/client.ts';
import type { Language } from './messages.ts';
import { useLanguage } from './language.tsx';

/**
 * Every error code of the API (libs/contracts) as people read it, written once:
 * the record's type makes a new code without its words a compile error.
 */
const errorText: Record<Language, Record<ErrorCode, string>> = {
  zh: {
    VALIDATION_FAILED: '填写的内容有误，请检查后重试',
    CAPTCHA_REQUIRED: '请输入图形验证码',
    CAPTCHA_INVALID: '图形验证码错误',
    SMS_CODE_INVALID: '短信验证码错误或已过期',
    WEAK_PASSWORD: '密码强度不够：至少8位，包含字母和数字',
    PASSWORD_REUSED: '新密码不能与近期使用过的密码相同',
    WEAK_PIN: '支付密码过于简单：不能是连续或相同的数字',
    INVALID_CREDIT_CODE: '统一社会信用代码不正确',
    DEDUCTION_RULE: '服务券抵扣不符合规则',
    UNAUTHENTICATED: '请先登录',
    INVALID_CREDENTIALS: '账号或密码错误',
    TOKEN_REVOKED: '登录已失效，请重新登录',
    FORBIDDEN: '没有权限进行此操作',
    NOT_QUALIFIED: '尚未获得相应资格',
    NOT_IN_DIRECTORY: '未在服务机构名录中',
    PIN_INCORRECT: '支付密码错误',
    NOT_FOUND: '内容不存在或已删除',
    NOT_PUBLISHED: '结果尚未公布',
    DUPLICATE: '已存在相同的记录',
    CREDIT_CODE_TAKEN: '该统一社会信用代码已被其他账号认证',
    INVALID_STATE: '当前状态下不能进行此操作',
    ANNUAL_LIMIT_REACHED: '当前服务券已达年度上限',
    DATA_INCOMPLETE: '请先完善申领资料',
    WINDOW_CLOSED: '不在申领时间内',
    ALREADY_RESERVED: '已预约过该服务券',
    SOLD_OUT: '服务券已抢完',
    INSUFFICIENT_BALANCE: '服务券余额不足',
    VOUCHER_NOT_USABLE: '该服务券不可用于此订单',
    PROVIDER_CAP_REACHED: '该服务商本年度服务券额度已满',
    PURCHASE_LIMIT_REACHED: '已达该商品每年申请使用上限',
    WITHDRAWAL_USED: '本年度已撤回过一次服务券',
    ALREADY_IN_APPLICATION: '该笔支付已在兑付申请中',
    UPLOAD_QUOTA_REACHED: '上传的文件已达数量或容量上限，未使用的文件一天后自动清理',
    FILE_TOO_LARGE: '文件过大',
    FILE_TYPE_NOT_ALLOWED: '文件格式不支持',
    ACCOUNT_LOCKED: '账号已锁定，请稍后再试',
    PIN_LOCKED: '支付密码错误次数过多，已锁定',
    RATE_LIMITED: '操作过于频繁，请稍后再试',
    TIMEOUT: '系统繁忙，请稍后再试',
    UNAVAILABLE: '服务暂不可用，请稍后再试',
    INTERNAL: '系统错误，请稍后再试',
  },
  en: {
    VALIDATION_FAILED: 'Some fields are not valid; please check them',
    CAPTCHA_REQUIRED: 'Please enter the captcha',
    CAPTCHA_INVALID: 'The captcha is wrong',
    SMS_CODE_INVALID: 'The SMS code is wrong or has expired',
    WEAK_PASSWORD: 'Password too weak: at least 8 characters with letters and digits',
    PASSWORD_REUSED: 'The new password was used recently',
    WEAK_PIN: 'PIN too simple: no runs or repeated digits',
    INVALID_CREDIT_CODE: 'The unified social credit code is not valid',
    DEDUCTION_RULE: 'The voucher deduction breaks a rule',
    UNAUTHENTICATED: 'Please sign in',
    INVALID_CREDENTIALS: 'Wrong account or password',
    TOKEN_REVOKED: 'Your session ended; please sign in again',
    FORBIDDEN: 'You may not do this',
    NOT_QUALIFIED: 'Not qualified for this',
    NOT_IN_DIRECTORY: 'Not in the provider directory',
    PIN_INCORRECT: 'Wrong payment PIN',
    NOT_FOUND: 'Not found',
    NOT_PUBLISHED: 'Not published yet',
    DUPLICATE: 'It already exists',
    CREDIT_CODE_TAKEN: 'This credit code is certified by another account',
    INVALID_STATE: 'Not possible in the current state',
    ANNUAL_LIMIT_REACHED: 'Annual limit of this voucher reached',
    DATA_INCOMPLETE: 'Complete your qualification data first',
    WINDOW_CLOSED: 'Outside the reservation window',
    ALREADY_RESERVED: 'Already reserved',
    SOLD_OUT: 'Sold out',
    INSUFFICIENT_BALANCE: 'Voucher balance too low',
    VOUCHER_NOT_USABLE: 'This voucher cannot pay this order',
    PROVIDER_CAP_REACHED: "The provider's annual voucher cap is reached",
    PURCHASE_LIMIT_REACHED: 'Annual purchase limit of this product reached',
    WITHDRAWAL_USED: 'Vouchers were already withdrawn once this year',
    ALREADY_IN_APPLICATION: 'This payment is already in an application',
    UPLOAD_QUOTA_REACHED: 'Your uploads have reached their number or size limit; unused files are removed after a day',
    FILE_TOO_LARGE: 'The file is too large',
    FILE_TYPE_NOT_ALLOWED: 'This file type is not allowed',
    ACCOUNT_LOCKED: 'Account locked; try again later',
    PIN_LOCKED: 'Too many wrong PINs; payments are locked',
    RATE_LIMITED: 'Too many requests; try again later',
    TIMEOUT: 'The system is busy; try again',
    UNAVAILABLE: 'Service unavailable; try again later',
    INTERNAL: 'System error; try again later',
  },
};

/**
 * The words for a failed call: the code's text, with the server's detail when
 * it names fields (a validation error says which field), else the message.
 */
function describeError(error: unknown, language: Language): string {
  if (!(error instanceof ApiError)) return errorText[language].INTERNAL;
  const text = errorText[language][error.code as ErrorCode];
  if (!text) return error.message;
  const fields = error.details?.fields;
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(fields) && fields.length > 0) {
    const named = fields.map((f: { path?: string; message?: string }) => `${f.path ?? ''} ${f.message ?? ''}`.trim());
    return `${text}：${named.join('；')}`;
  }
  return text;
}

/** `describeError` in the reader's language, for `onError` and error states. */
export function useDescribeError(): (error: unknown) => string {
  const { language } = useLanguage();
  return (error) => describeError(error, language);
}
