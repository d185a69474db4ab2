import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { adminToken as signedInAdmin, smsCode } from './actors.ts';

let p: JourneyPlatform;
let adminToken: string;
let providerToken: string;
const someId = '0193a5b0-0000-7000-8000-000000000001';

beforeAll(async () => {
  p = await journeyPlatform('jbad');
  adminToken = await signedInAdmin(p);
  const digits = String(randomInt(0, 1e9)).padStart(9, '0');
  const provider = {
    role: 'provider',
    username: `provider_${digits}`,
    mobile: `16${digits}`,
    password: 'Bad#Input2026',
  };
  const code = await smsCode(p, provider.mobile, 'register');
  await p.api('POST', '/auth/register', {
    ...provider,
    confirmPassword: provider.password,
    smsCode: code,
    agreed: true,
  });
  providerToken = (await p.api('POST', '/auth/login', { account: provider.username, password: provider.password })).body
    .accessToken;
});
afterAll(() => p?.close());

/** Everything identity could have written: none of it may move on bad input. */
async function footprint() {
  return p.query(`SELECT
    (SELECT count(*) FROM identity.users)::int AS users,
    (SELECT count(*) FROM identity.experts)::int AS experts,
    (SELECT count(*) FROM identity.password_history)::int AS history,
    (SELECT count(*) FROM identity.refresh_tokens)::int AS tokens,
    (SELECT count(*) FROM identity.outbox)::int AS events`);
}

type Who = 'nobody' | 'admin' | 'provider';
const cases: [string, string, string, unknown, Who, string][] = [
  [
    'sms with a malformed mobile',
    'POST',
    '/auth/sms-codes',
    { mobile: '123', purpose: 'register' },
    'nobody',
    'mobile',
  ],
  [
    'sms with an unknown purpose',
    'POST',
    '/auth/sms-codes',
    { mobile: '13800000000', purpose: 'spam' },
    'nobody',
    'purpose',
  ],
  ['sms without a body', 'POST', '/auth/sms-codes', {}, 'nobody', 'mobile'],
  // issue 16: a NUL reached PostgreSQL and answered 500
  [
    'login with a NUL in the account',
    'POST',
    '/auth/login',
    { account: 'ad\u0000min', password: 'Bad#Input2026' },
    'nobody',
    'account',
  ],
  [
    'expert with an escape character in the introduction',
    'POST',
    '/provider/experts',
    { name: '王工', age: 40, gender: 'male', fields: ['认证'], yearsOfService: 3, introduction: '十年\u001b[31m经验' },
    'provider',
    'introduction',
  ],
  ['refresh with a number', 'POST', '/auth/refresh', { refreshToken: 5 }, 'nobody', 'refreshToken'],
  [
    'reset without a code',
    'POST',
    '/auth/password-reset',
    { mobile: '13800000000', newPassword: 'New#2026pw', confirmPassword: 'New#2026pw' },
    'nobody',
    'smsCode',
  ],
  [
    'change with an over-long password',
    'PUT',
    '/me/password',
    { oldPassword: 'Bad#Input2026', newPassword: 'A#1'.repeat(60), confirmPassword: 'A#1'.repeat(60) },
    'provider',
    'newPassword',
  ],
  [
    'platform user of an unknown role',
    'POST',
    '/admin/users',
    { role: 'superuser', username: 'some_user', mobile: '13800000001', password: 'Some#2026pw' },
    'admin',
    'role',
  ],
  [
    'admin reset with a number',
    'POST',
    `/admin/users/${someId}/password-reset`,
    { newPassword: 123 },
    'admin',
    'newPassword',
  ],
  [
    'admin reset of a malformed id',
    'POST',
    '/admin/users/not-an-id/password-reset',
    { newPassword: 'Some#2026pw' },
    'admin',
    'id',
  ],
  [
    'staff with an unknown menu',
    'POST',
    '/provider/staff',
    { username: 'staff_user1', mobile: '13800000002', password: 'Staff#2026pw', permissions: ['everything'] },
    'provider',
    'permissions.0',
  ],
  ['staff edit with a bad email', 'PATCH', `/provider/staff/${someId}`, { email: 'nope' }, 'provider', 'email'],
  [
    'menus as a string',
    'PUT',
    `/provider/staff/${someId}/permissions`,
    { permissions: 'orders' },
    'provider',
    'permissions',
  ],
  [
    'expert with a wrong-typed age',
    'POST',
    '/provider/experts',
    { name: '王工', age: 'old', gender: 'male', fields: ['认证'], yearsOfService: 3 },
    'provider',
    'age',
  ],
  [
    'expert with 201 characters of experience',
    'PATCH',
    `/provider/experts/${someId}`,
    { experience: '经'.repeat(201) },
    'provider',
    'experience',
  ],
];

describe('every identity route refuses bad input with 400 naming the field, and writes nothing', () => {
  it.each(cases)('%s', async (_case, method, path, body, who, field) => {
    const before = await footprint();
    const token = who === 'admin' ? adminToken : who === 'provider' ? providerToken : undefined;
    const res = await p.api(method, path, body, token);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a login body that is neither a password login nor an SMS login', async () => {
    const res = await p.api('POST', '/auth/login', { account: 'x'.repeat(31), password: 'p' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 409 DUPLICATE for a platform user whose mobile is taken, and writes nothing', async () => {
    const before = await footprint();
    const res = await p.api(
      'POST',
      '/admin/users',
      { role: 'operator', username: 'operator_dup', mobile: ADMIN.mobile, password: 'Operator#2026' },
      adminToken,
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DUPLICATE', details: { fields: ['mobile'] } });
    expect(await footprint()).toEqual(before);
  });
});
