import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  identity,
  qualificationEvents,
  type Caller,
  type DataOf,
  type EventDef,
  type ReplyOf,
  type RequestOf,
} from '@voucher/contracts';
import { sql } from 'kysely';
import { developmentAccessTokenKeys, verifyAccessToken } from '@voucher/kit';
import { startService, type RunningService } from '@voucher/runtime';
import { announce as publishEvent, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { identityService } from '../src/service.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export const ADMIN = { username: 'admin_test', mobile: '13900000001', password: 'Admin#2026pw' };

export interface IdentityHarness {
  iso: Isolation;
  service: RunningService;
  client: TestClient;
  call: TestClient['call'];
  refusal: TestClient['refusal'];
  close(): Promise<void>;
}

export async function identityHarness(label: string, env: Record<string, string> = {}): Promise<IdentityHarness> {
  const iso = await isolate(label);
  const service = await startService(identityService, {
    env: {
      ...iso.env,
      ...env,
      BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
      BOOTSTRAP_ADMIN_MOBILE: ADMIN.mobile,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    },
    installSignals: false,
    migrationsDir,
  });
  const client = await testClient(iso);
  return {
    iso,
    service,
    client,
    call: client.call,
    refusal: client.refusal,
    async close() {
      await client.close();
      await service.stop();
      await iso.dispose();
    },
  };
}

/** A refusal as the client reads it: code, message and details, nothing else. */
export const asAnswered = (e: { code: string; message: string; details?: unknown }) => ({
  code: e.code,
  message: e.message,
  details: e.details,
});

/** The caller the gateway would derive from this access token. */
export function callerOf(tokens: { accessToken: string }): Caller {
  const check = verifyAccessToken(tokens.accessToken, developmentAccessTokenKeys.publicKey);
  if (!check.ok) throw new Error(`bad token: ${check.reason}`);
  const c = check.claims;
  return {
    userId: c.sub,
    role: c.role as Caller['role'],
    username: c.username,
    sessionId: c.sid,
    tokenId: c.jti,
    ...(c.district ? { district: c.district } : {}),
    ...(c.providerId ? { providerId: c.providerId } : {}),
    ...(c.permissions ? { permissions: c.permissions as Caller['permissions'] } : {}),
  };
}

let seq = randomInt(1000, 9000);
/** A fresh, valid registration; override what the test is about. */
export function aRegistration(overrides: Partial<RequestOf<typeof identity.register>> = {}) {
  seq++;
  const password = 'Voucher#2026';
  return {
    role: 'enterprise' as const,
    username: `company_${seq}`,
    mobile: `137${String(seq).padStart(8, '0')}`,
    password,
    confirmPassword: password,
    smsCode: '000000',
    agreed: true as const,
    ...overrides,
  };
}

/** A captcha answered as a person reads it off the image (the development sink tells the text). */
export async function solvedCaptcha(h: IdentityHarness) {
  const { captchaId } = await h.call(identity.captcha, {});
  return { id: captchaId, text: (await h.call(identity.devCaptcha, { captchaId })).text };
}

/** A code request as a person makes it: the captcha solved first (ID-6). */
export async function askSmsCode(
  h: IdentityHarness,
  mobile: string,
  purpose: RequestOf<typeof identity.sendSmsCode>['purpose'],
) {
  return h.call(identity.sendSmsCode, { mobile, purpose, captcha: await solvedCaptcha(h) });
}

/** Asks for a code and reads it back from the development sink, as a person would from their phone. */
export async function smsCodeFor(
  h: IdentityHarness,
  mobile: string,
  purpose: RequestOf<typeof identity.sendSmsCode>['purpose'],
) {
  await askSmsCode(h, mobile, purpose);
  const { code } = await h.call(identity.devSms, { mobile });
  if (!code) throw new Error(`no code was sent to ${mobile}`);
  return code;
}

export async function registered(h: IdentityHarness, overrides: Partial<RequestOf<typeof identity.register>> = {}) {
  const reg = aRegistration(overrides);
  const smsCode = await smsCodeFor(h, reg.mobile, 'register');
  const { userId } = await h.call(identity.register, { ...reg, smsCode });
  return { ...reg, smsCode, userId };
}

/** The token pair of a login that gave one at once (a role that signs in with one factor). */
export function tokensOf(reply: ReplyOf<typeof identity.login>) {
  if ('secondFactor' in reply) throw new Error('the login asked for a second factor');
  return reply;
}

/** The code the development sink holds for a mobile, as its owner reads it off the phone. */
export async function codeSentTo(h: IdentityHarness, mobile: string, purpose: string): Promise<string> {
  const sent = await h.call(identity.devSms, { mobile });
  if (sent.purpose !== purpose || !sent.code) {
    throw new Error(`the last code sent to ${mobile} is for ${sent.purpose ?? 'nothing'}`);
  }
  return sent.code;
}

/** Signs in as a person does: the password, then for a platform role the code sent to the account's mobile (A7). */
export async function loggedIn(h: IdentityHarness, account: string, password: string) {
  const first = await h.call(identity.login, { account, password });
  const tokens =
    'secondFactor' in first
      ? await h.call(identity.loginSecondFactor, {
          challengeId: first.secondFactor.challengeId,
          smsCode: await codeSentTo(h, await mobileOf(h, account), 'second_factor'),
        })
      : first;
  return { tokens, caller: callerOf(tokens) };
}

/** The mobile of the account a person types (they know their own number). */
async function mobileOf(h: IdentityHarness, account: string): Promise<string> {
  const row = await sql<{ mobile: string }>`SELECT mobile FROM users
    WHERE lower(username) = lower(${account}) OR mobile = ${account}`.execute(h.service.db);
  return row.rows[0]!.mobile;
}

/** Announces what qualification would (QUA-9), as a real event, and waits until identity has applied it. */
export function announce<E extends EventDef>(h: IdentityHarness, event: E, data: DataOf<E>): Promise<void> {
  return publishEvent(h.client, h.service.db, event, data);
}

export async function certifyProvider(h: IdentityHarness, providerId: string): Promise<void> {
  await announce(h, qualificationEvents.providerCertified, {
    providerId,
    companyName: '南京测试服务商有限公司',
    creditCode: '91350100M000100Y43',
    region: { scope: 'city', city: '南京市' },
    serviceScopes: ['诊断咨询'],
    applicationId: uuidv7(),
    at: new Date().toISOString(),
  });
}
