import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from '@voucher/kit';
import type { IdentityDb } from '../store/schema.ts';
import type { SmsCodeStore } from '../store/sms-codes.ts';
import type { LoginAttemptStore } from '../store/login-attempts.ts';
import type { CaptchaStore } from '../store/captchas.ts';
import type { RevocationStore } from '../store/revocations.ts';
import type { LoginChallengeStore } from '../store/login-challenges.ts';
import type { DevSinkInbox, SmsSender } from '../sms/sender.ts';
import type { IdentityMetrics } from '../metrics.ts';

/** What identity's handlers work with, built once in service.ts. */
export interface IdentityDeps {
  db: Kysely<IdentityDb>;
  /** outside production only: what the development SMS sink holds (ID-6's sink, read by `/dev/sms`) */
  devSinkInbox?: DevSinkInbox;
  logger: Logger;
  metrics: IdentityMetrics;
  smsCodes: SmsCodeStore;
  smsSender: SmsSender;
  loginAttempts: LoginAttemptStore;
  captchas: CaptchaStore;
  revocations: RevocationStore;
  loginChallenges: LoginChallengeStore;
  settings: {
    /** the private key access tokens are signed with (A7) */
    signingKey: KeyObject;
    passwordKdfCost: number;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    timeZone: string;
    /** ID-6: SMS codes the platform sends in one clock hour at most */
    smsBudgetPerHour: number;
    /** issue 18: the texts' own hourly budget (SMS_TEXT_BUDGET_PER_HOUR) */
    smsTextBudgetPerHour: number;
  };
}
