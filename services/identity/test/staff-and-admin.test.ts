import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { identity, identityEvents } from '@voucher/contracts';
import { qualificationEvents } from '@voucher/contracts';
import { generateKeyPairSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ConfigError, loadConfig } from '@voucher/kit';
import { identityService } from '../src/service.ts';
import {
  ADMIN,
  announce,
  certifyProvider,
  identityHarness,
  loggedIn,
  registered,
  type IdentityHarness,
} from './identity-harness.ts';

let h: IdentityHarness;
let admin: Awaited<ReturnType<typeof loggedIn>>;
beforeAll(async () => {
  h = await identityHarness('idstaff');
  admin = await loggedIn(h, ADMIN.username, ADMIN.password);
});
afterAll(() => h.close());

describe('ID-10 the first administrator', () => {
  // a production environment complete but for what each case is about
  const production = {
    NODE_ENV: 'production',
    SMS_SENDER: 'webhook',
    SMS_WEBHOOK_URL: 'https://sms.example.cn/send',
    ACCESS_TOKEN_PRIVATE_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    BOOTSTRAP_ADMIN_PASSWORD: 'Admin#2026pw',
  };

  it('is not created in production with a default mobile: the service refuses to start', () => {
    expect(() => loadConfig(identityService.config, production)).toThrow(ConfigError);
    expect(() => loadConfig(identityService.config, production)).toThrow(/BOOTSTRAP_ADMIN_MOBILE must be given/);
    const given = loadConfig(identityService.config, { ...production, BOOTSTRAP_ADMIN_MOBILE: '13912345678' });
    expect(given.BOOTSTRAP_ADMIN_MOBILE).toBe('13912345678');
    // without a bootstrap password nobody is created, and no mobile is needed
    const { BOOTSTRAP_ADMIN_PASSWORD: _none, ...noBootstrap } = production;
    expect(loadConfig(identityService.config, noBootstrap).BOOTSTRAP_ADMIN_MOBILE).toBeUndefined();
    expect(() => loadConfig(identityService.config, { ...production, BOOTSTRAP_ADMIN_MOBILE: '139' })).toThrow(
      /BOOTSTRAP_ADMIN_MOBILE/,
    );
  });
});

describe('ID-10 platform users', () => {
  it('lets the administrator create a district officer bound to a district', async () => {
    const { userId } = await h.call(
      identity.createUser,
      {
        role: 'district_officer',
        username: 'officer_xw',
        mobile: '13600000001',
        password: 'Officer#2026',
        district: '玄武区',
      },
      admin.caller,
    );
    const officer = await loggedIn(h, 'officer_xw', 'Officer#2026');
    expect(officer.caller).toMatchObject({ userId, role: 'district_officer', district: '玄武区' });
  });

  it('refuses a district officer without a district', async () => {
    const err = await h.refusal(
      identity.createUser,
      { role: 'district_officer', username: 'officer_none', mobile: '13600000002', password: 'Officer#2026' },
      admin.caller,
    );
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'district' }] } });
  });

  it('refuses platform user creation to anyone but an administrator', async () => {
    const u = await registered(h);
    const { caller } = await loggedIn(h, u.username, u.password);
    const err = await h.refusal(
      identity.createUser,
      { role: 'admin', username: 'sneaky_admin', mobile: '13600000003', password: 'Sneaky#2026' },
      caller,
    );
    expect(err.code).toBe('FORBIDDEN');
  });

  it("lets a district officer reset the password of its district's certified enterprise only (ID-7)", async () => {
    const u = await registered(h);
    const officer = await loggedIn(h, 'officer_xw', 'Officer#2026');
    expect(
      (
        await h.refusal(
          identity.adminResetPassword,
          { userId: u.userId, newPassword: 'Officer#Reset1' },
          officer.caller,
        )
      ).code,
    ).toBe('NOT_FOUND');
    await announce(h, qualificationEvents.enterpriseCertified, {
      enterpriseId: u.userId,
      companyName: '南京测试科技有限公司',
      creditCode: '91350100M000100Y43',
      district: '玄武区',
      city: '南京市',
      size: 'small',
      applicationId: uuidv7(),
      at: new Date().toISOString(),
    });
    await h.call(identity.adminResetPassword, { userId: u.userId, newPassword: 'Officer#Reset1' }, officer.caller);
    await expect(h.call(identity.login, { account: u.username, password: 'Officer#Reset1' })).resolves.toBeTruthy();
  });

  it('lets the administrator reset a user password; an officer of another district sees no such user', async () => {
    const u = await registered(h);
    await h.call(identity.adminResetPassword, { userId: u.userId, newPassword: 'Admin#Reset1' }, admin.caller);
    await expect(h.call(identity.login, { account: u.username, password: 'Admin#Reset1' })).resolves.toBeTruthy();
    const officer = await loggedIn(h, 'officer_xw', 'Officer#2026');
    const err = await h.refusal(
      identity.adminResetPassword,
      { userId: u.userId, newPassword: 'Officer#Reset1' },
      officer.caller,
    );
    expect(err.code).toBe('NOT_FOUND');
  });
});

describe('ID-8 provider staff', () => {
  it('refuses staff to a provider until it is certified, and again once revoked', async () => {
    const p = await registered(h, { role: 'provider' });
    const provider = await loggedIn(h, p.username, p.password);
    const staff = { username: `${p.username}_c`, mobile: '13500000021', password: 'Staff#2026', permissions: [] };
    expect(await h.refusal(identity.createStaff, staff, provider.caller)).toMatchObject({
      code: 'NOT_QUALIFIED',
      details: { rules: ['certification'] },
    });
    await certifyProvider(h, p.userId);
    await h.call(identity.createStaff, staff, provider.caller);
    await announce(h, qualificationEvents.providerRevoked, {
      applicantId: p.userId,
      applicationId: uuidv7(),
      kind: 'provider_certification',
      year: null,
      reason: '虚假材料',
      by: uuidv7(),
      at: new Date().toISOString(),
    });
    const more = { ...staff, username: `${p.username}_d`, mobile: '13500000022' };
    expect((await h.refusal(identity.createStaff, more, provider.caller)).code).toBe('NOT_QUALIFIED');
  });

  it('adds staff with menu permissions that travel in their token', async () => {
    const p = await registered(h, { role: 'provider' });
    await certifyProvider(h, p.userId);
    const provider = await loggedIn(h, p.username, p.password);
    const { userId } = await h.call(
      identity.createStaff,
      {
        username: `${p.username}_s1`,
        mobile: '13500000001',
        password: 'Staff#2026',
        permissions: ['orders', 'experts'],
      },
      provider.caller,
    );
    const staff = await loggedIn(h, `${p.username}_s1`, 'Staff#2026');
    expect(staff.caller).toMatchObject({
      userId,
      role: 'provider_staff',
      providerId: p.userId,
      permissions: ['orders', 'experts'],
    });
    const list = await h.call(identity.listStaff, { page: 1, pageSize: 20 }, provider.caller);
    expect(list).toMatchObject({ total: 1, items: [{ id: userId, providerId: p.userId }] });
  });

  it("hides another provider's staff as not found", async () => {
    const p1 = await registered(h, { role: 'provider' });
    const p2 = await registered(h, { role: 'provider' });
    await certifyProvider(h, p1.userId);
    const one = await loggedIn(h, p1.username, p1.password);
    const two = await loggedIn(h, p2.username, p2.password);
    const { userId } = await h.call(
      identity.createStaff,
      { username: `${p1.username}_s`, mobile: '13500000002', password: 'Staff#2026', permissions: [] },
      one.caller,
    );
    expect((await h.refusal(identity.deleteStaff, { id: userId }, two.caller)).code).toBe('NOT_FOUND');
    expect(
      (await h.refusal(identity.setStaffPermissions, { id: userId, permissions: ['orders'] }, two.caller)).code,
    ).toBe('NOT_FOUND');
  });

  it('ends staff sessions when permissions change, and deletes staff with their sessions', async () => {
    const p = await registered(h, { role: 'provider' });
    await certifyProvider(h, p.userId);
    const provider = await loggedIn(h, p.username, p.password);
    const { userId } = await h.call(
      identity.createStaff,
      { username: `${p.username}_s2`, mobile: '13500000003', password: 'Staff#2026', permissions: [] },
      provider.caller,
    );
    const staff = await loggedIn(h, `${p.username}_s2`, 'Staff#2026');
    const updated = await h.call(
      identity.setStaffPermissions,
      { id: userId, permissions: ['settlement'] },
      provider.caller,
    );
    expect(updated.permissions).toEqual(['settlement']);
    expect((await h.refusal(identity.refresh, { refreshToken: staff.tokens.refreshToken })).code).toBe('TOKEN_REVOKED');
    await h.call(identity.deleteStaff, { id: userId }, provider.caller);
    expect((await h.refusal(identity.login, { account: `${p.username}_s2`, password: 'Staff#2026' })).code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('tells which menus a staff member holds when created, granted and deleted (ID-8; notifications tells staff with orders of the orders)', async () => {
    const p = await registered(h, { role: 'provider' });
    await certifyProvider(h, p.userId);
    const provider = await loggedIn(h, p.username, p.password);
    const { userId } = await h.call(
      identity.createStaff,
      { username: `${p.username}_s5`, mobile: '13500000005', password: 'Staff#2026', permissions: ['experts'] },
      provider.caller,
    );
    await h.call(identity.setStaffPermissions, { id: userId, permissions: ['orders', 'orders'] }, provider.caller);
    await h.call(identity.deleteStaff, { id: userId }, provider.caller);
    const events = (
      await sql<{ subject: string; data: Record<string, unknown> }>`
        SELECT subject, envelope->'data' AS data FROM outbox WHERE envelope->'data'->>'userId' = ${userId}
        ORDER BY id`.execute(h.service.db)
    ).rows;
    expect(events).toEqual([
      {
        subject: identityEvents.userCreated.type,
        data: expect.objectContaining({ role: 'provider_staff', providerId: p.userId, permissions: ['experts'] }),
      },
      {
        subject: identityEvents.staffPermissionsSet.type,
        data: expect.objectContaining({ providerId: p.userId, permissions: ['orders'], by: p.userId }),
      },
      { subject: identityEvents.userDeleted.type, data: expect.objectContaining({ deletedBy: p.userId }) },
    ]);
  });

  it('refuses staff a mobile that any account already has', async () => {
    const p = await registered(h, { role: 'provider' });
    await certifyProvider(h, p.userId);
    const provider = await loggedIn(h, p.username, p.password);
    const err = await h.refusal(
      identity.createStaff,
      { username: `${p.username}_s3`, mobile: p.mobile, password: 'Staff#2026', permissions: [] },
      provider.caller,
    );
    expect(err).toMatchObject({ code: 'DUPLICATE', details: { fields: ['mobile'] } });
  });

  it('does not let staff manage staff', async () => {
    const p = await registered(h, { role: 'provider' });
    await certifyProvider(h, p.userId);
    const provider = await loggedIn(h, p.username, p.password);
    await h.call(
      identity.createStaff,
      { username: `${p.username}_s4`, mobile: '13500000004', password: 'Staff#2026', permissions: ['experts'] },
      provider.caller,
    );
    const staff = await loggedIn(h, `${p.username}_s4`, 'Staff#2026');
    expect((await h.refusal(identity.listStaff, { page: 1, pageSize: 20 }, staff.caller)).code).toBe('FORBIDDEN');
  });
});

describe('ID-9 experts', () => {
  const expert = {
    name: '王工',
    age: 45,
    gender: 'male' as const,
    fields: ['体系认证'],
    yearsOfService: 20,
    experience: '二十年质量管理体系审核经验',
    title: '高级工程师',
    education: '硕士',
    introduction: '',
  };

  it('lets a provider and its staff with the experts menu record experts; others see none', async () => {
    const p = await registered(h, { role: 'provider' });
    await certifyProvider(h, p.userId);
    const provider = await loggedIn(h, p.username, p.password);
    await h.call(
      identity.createStaff,
      { username: `${p.username}_e1`, mobile: '13500000011', password: 'Staff#2026', permissions: ['experts'] },
      provider.caller,
    );
    await h.call(
      identity.createStaff,
      { username: `${p.username}_e2`, mobile: '13500000012', password: 'Staff#2026', permissions: ['orders'] },
      provider.caller,
    );
    const withMenu = await loggedIn(h, `${p.username}_e1`, 'Staff#2026');
    const without = await loggedIn(h, `${p.username}_e2`, 'Staff#2026');
    const created = await h.call(identity.createExpert, expert, withMenu.caller);
    expect(created).toMatchObject({ providerId: p.userId, name: '王工', yearsOfService: 20 });
    const updated = await h.call(identity.updateExpert, { id: created.id, title: '教授级高工' }, provider.caller);
    expect(updated.title).toBe('教授级高工');
    expect((await h.refusal(identity.listExperts, { page: 1, pageSize: 20 }, without.caller)).code).toBe('FORBIDDEN');
    const other = await registered(h, { role: 'provider' });
    const otherProvider = await loggedIn(h, other.username, other.password);
    expect((await h.refusal(identity.deleteExpert, { id: created.id }, otherProvider.caller)).code).toBe('NOT_FOUND');
    expect((await h.call(identity.listExperts, { page: 1, pageSize: 20 }, provider.caller)).total).toBe(1);
    await h.call(identity.deleteExpert, { id: created.id }, provider.caller);
    expect((await h.call(identity.listExperts, { page: 1, pageSize: 20 }, provider.caller)).total).toBe(0);
  });

  it('refuses experience over 200 characters', async () => {
    const p = await registered(h, { role: 'provider' });
    await certifyProvider(h, p.userId);
    const provider = await loggedIn(h, p.username, p.password);
    const err = await h.refusal(identity.createExpert, { ...expert, experience: '经'.repeat(201) }, provider.caller);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'experience' }] } });
  });
});
