import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualificationEvents } from '@voucher/contracts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  account as anAccount,
  certifiedEnterprise,
  adminToken,
  creditCode,
  enterpriseCertification,
  eventCount as countOf,
  PDF,
  PNG,
  staff as aStaff,
  upload as anUpload,
  voucherQualification,
} from './actors.ts';

const upload = (token: string, purpose: string, bytes: Buffer, name: string) =>
  anUpload(p, token, purpose, bytes, name);
const account = (role: 'enterprise' | 'provider') => anAccount(p, role);
const staff = (role: string, extra: Record<string, string> = {}) => aStaff(p, admin, role, extra);
const eventCount = (event: Parameters<typeof countOf>[1]) => countOf(p, event);

let p: JourneyPlatform;
let admin: string;

beforeAll(async () => {
  p = await journeyPlatform('jqua');
  admin = await adminToken(p);
});
afterAll(() => p?.close());

describe('journey: qualification through the gateway', () => {
  it('an enterprise is certified and qualified by its district officer; the events arrive once', async () => {
    const officer = await staff('district_officer', { district: '玄武区' });
    const otherOfficer = await staff('district_officer', { district: '秦淮区' });
    const enterprise = await account('enterprise');
    const licence = await upload(enterprise.token, 'business_licence', PNG, '营业执照.png');

    const survey = await p.api('GET', '/qualification/survey', undefined, enterprise.token);
    expect(survey.body.questions.length).toBeGreaterThan(0);
    expect(
      (
        await p.api(
          'PUT',
          '/qualification/survey/answers',
          { answers: { city: '南京市', companyType: '私营企业' } },
          enterprise.token,
        )
      ).status,
    ).toBe(200);

    const cert = enterpriseCertification('南京旅程科技有限公司', licence);
    const submitted = await p.api('POST', '/qualification/enterprise-certifications', cert, enterprise.token);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.id;

    const queue = await p.api('GET', '/qualification/reviews?kind=enterprise_certification', undefined, officer);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await p.api('GET', '/qualification/reviews', undefined, otherOfficer)).body.total).toBe(0);
    // the officer reviewing it may read the licence; another district's may not
    expect(
      (
        await fetch(`${p.platform.gatewayUrl}/api/v1/files/${licence}`, {
          headers: { authorization: `Bearer ${officer}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${p.platform.gatewayUrl}/api/v1/files/${licence}`, {
          headers: { authorization: `Bearer ${otherOfficer}` },
        })
      ).status,
    ).toBe(404);
    expect((await p.api('POST', `/qualification/reviews/${id}/approve`, undefined, otherOfficer)).status).toBe(404);

    const approved = await p.api('POST', `/qualification/reviews/${id}/approve`, undefined, officer);
    expect(approved.body).toEqual({ id, state: 'certified' });
    expect((await p.api('POST', `/qualification/reviews/${id}/approve`, undefined, officer)).status).toBe(409);

    const vq = await p.api(
      'POST',
      '/qualification/voucher-qualifications',
      await voucherQualification(p, enterprise.token, 2026),
      enterprise.token,
    );
    expect(vq.status, JSON.stringify(vq.body)).toBe(201);
    expect((await p.api('POST', `/qualification/reviews/${vq.body.id}/approve`, undefined, officer)).body.state).toBe(
      'approved',
    );
    const mine = await p.api('GET', '/qualification/voucher-qualifications/mine', undefined, enterprise.token);
    expect(mine.body.items[0]).toMatchObject({ state: 'approved', year: 2026 });

    await expect.poll(() => eventCount(qualificationEvents.enterpriseCertified), { timeout: 5000 }).toBe(1);
    await expect.poll(() => eventCount(qualificationEvents.voucherQualificationApproved), { timeout: 5000 }).toBe(1);

    // issue 18: both results reach the enterprise's inbox, in both languages, and nobody else's
    const unread = async (token: string) =>
      (await p.api('GET', '/notifications/unread-count', undefined, token)).body.unread as number;
    await expect.poll(() => unread(enterprise.token), { timeout: 10_000 }).toBe(2);
    const inbox = await p.api('GET', '/notifications?unreadOnly=true', undefined, enterprise.token);
    expect(inbox.body.items.map((m: { template: string }) => m.template).sort()).toEqual([
      'enterprise_certification.approved',
      'voucher_qualification.approved',
    ]);
    const certified = inbox.body.items.find(
      (m: { template: string }) => m.template === 'enterprise_certification.approved',
    );
    expect(certified.body['zh-CN']).toContain('南京旅程科技有限公司');
    expect(certified.title.en.length).toBeGreaterThan(0);
    // issue 18: the approvals are essential, so they reach the enterprise's mobile too (the development sink)
    const texts = async () =>
      ((await p.api('GET', `/dev/sms/${enterprise.mobile}`)).body.texts ?? []).map((t: { text: string }) => t.text);
    await expect.poll(async () => (await texts()).length, { timeout: 15_000 }).toBe(2);
    const sms = await texts();
    expect(sms.find((t: string) => t.startsWith('企业认证已通过'))).toContain('南京旅程科技有限公司');
    expect(sms.some((t: string) => t.includes('服务券资格已通过'))).toBe(true);
    expect(await unread(officer)).toBe(0);
    // another user's message ids mark nothing
    const stranger = await account('enterprise');
    expect((await p.api('POST', '/notifications/read', { ids: [certified.id] }, stranger.token)).body).toEqual({
      marked: 0,
      unread: 0,
    });
    expect(await unread(enterprise.token)).toBe(2);
    expect((await p.api('POST', '/notifications/read', { ids: [certified.id] }, enterprise.token)).body).toEqual({
      marked: 1,
      unread: 1,
    });
    expect((await p.api('POST', '/notifications/read-all', undefined, enterprise.token)).body).toEqual({
      marked: 1,
      unread: 0,
    });
  });

  it('a provider outside the directory is refused; one in it is certified by operator then approver after a resubmission', async () => {
    const operator = await staff('operator');
    const approver = await staff('approver');
    const imported = await fetch(`${p.platform.gatewayUrl}/api/v1/admin/provider-directory`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: 'name,creditCode,region\n南京旅程服务商有限公司,,南京市\n',
    });
    expect(await imported.json()).toMatchObject({ imported: 1, skipped: 0 });

    const provider = await account('provider');
    expect(
      (
        await p.api(
          'GET',
          `/qualification/provider-directory?name=${encodeURIComponent('南京旅程服务商有限公司')}`,
          undefined,
          provider.token,
        )
      ).body.inDirectory,
    ).toBe(true);
    const body = {
      companyName: '不在名录的服务商',
      creditCode: creditCode(),
      contactName: '王五',
      contactPhone: '13900000000',
      licenceFileId: await upload(provider.token, 'business_licence', PNG, 'licence.png'),
      serviceScopes: ['诊断咨询'],
      coreProducts: '数字化诊断',
      industries: ['制造业'],
      industrialCustomers: 30,
      revenues: { '2023': 100000000, '2024': 120000000, '2025': 150000000 },
      region: { scope: 'city', city: '南京市' },
      commitmentFileId: await upload(provider.token, 'provider_commitment', PDF, 'commitment.pdf'),
    };
    const refused = await p.api('POST', '/qualification/provider-certifications', body, provider.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_IN_DIRECTORY');

    const listed = { ...body, companyName: '南京旅程服务商有限公司' };
    const { id } = (await p.api('POST', '/qualification/provider-certifications', listed, provider.token)).body;
    expect(
      (await p.api('POST', `/qualification/reviews/${id}/reject`, { reason: '承诺函未盖章' }, operator)).body.state,
    ).toBe('rejected');
    const again = await p.api('PUT', `/qualification/provider-certifications/${id}`, listed, provider.token);
    expect(again.body).toEqual({ id, state: 'submitted' });
    expect((await p.api('POST', `/qualification/reviews/${id}/approve`, undefined, approver)).status).toBe(409);
    expect((await p.api('POST', `/qualification/reviews/${id}/approve`, undefined, operator)).body.state).toBe(
      'operator_approved',
    );
    expect((await p.api('POST', `/qualification/reviews/${id}/approve`, undefined, approver)).body.state).toBe(
      'certified',
    );
    const history = (await p.api('GET', `/qualification/applications/${id}`, undefined, provider.token)).body.history;
    expect(history.map((e: { action: string }) => e.action)).toEqual([
      'submitted',
      'reject',
      'resubmitted',
      'approve',
      'approve',
    ]);
    await expect.poll(() => eventCount(qualificationEvents.providerCertified), { timeout: 5000 }).toBe(1);
  });
});

describe('QUA-6 and revocation: a grant is held by one application, and revoked by what it granted', () => {
  let officer: string;
  let qinhuaiOfficer: string;
  beforeAll(async () => {
    officer = await staff('district_officer', { district: '玄武区' });
    qinhuaiOfficer = await staff('district_officer', { district: '秦淮区' });
  });

  /** A certified enterprise and the certification body it was certified with (QUA-1). */
  async function certified(name: string) {
    const e = await account('enterprise');
    await p.api(
      'PUT',
      '/qualification/survey/answers',
      { answers: { city: '南京市', companyType: '私营企业' } },
      e.token,
    );
    const body = enterpriseCertification(name, await upload(e.token, 'business_licence', PNG, '执照.png'));
    const cert = await p.api('POST', '/qualification/enterprise-certifications', body, e.token);
    expect((await p.api('POST', `/qualification/reviews/${cert.body.id}/approve`, undefined, officer)).status).toBe(
      200,
    );
    return { ...e, body, certificationId: cert.body.id as string };
  }
  const certifications = async (token: string) =>
    (await p.api('GET', '/qualification/enterprise-certifications/mine', undefined, token)).body.items as {
      id: string;
      state: string;
    }[];

  it('revoking a certification a later change superseded revokes the company: it may no longer apply for a voucher qualification', async () => {
    const e = await certified('南京撤销旅程科技有限公司');
    const changed = await p.api(
      'POST',
      '/qualification/enterprise-certifications',
      { ...e.body, businessAddress: '南京市玄武区中山路8号' },
      e.token,
    );
    expect(changed.body.state).toBe('certified');
    expect(await certifications(e.token)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: changed.body.id, state: 'certified' }),
        expect.objectContaining({ id: e.certificationId, state: 'superseded' }),
      ]),
    );
    const revokedBefore = await eventCount(qualificationEvents.enterpriseRevoked);
    const revoked = await p.api(
      'POST',
      `/qualification/reviews/${e.certificationId}/revoke`,
      { reason: '提供虚假材料' },
      admin,
    );
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(await certifications(e.token)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: changed.body.id, state: 'revoked' }),
        expect.objectContaining({ id: e.certificationId, state: 'superseded' }),
      ]),
    );
    const vq = await p.api(
      'POST',
      '/qualification/voucher-qualifications',
      await voucherQualification(p, e.token, 2026),
      e.token,
    );
    expect([vq.status, vq.body.error?.code]).toEqual([403, 'NOT_QUALIFIED']);
    // revoked once and announced once; nothing is left to revoke
    await expect
      .poll(() => eventCount(qualificationEvents.enterpriseRevoked), { timeout: 5000 })
      .toBe(revokedBefore + 1);
    const again = await p.api('POST', `/qualification/reviews/${changed.body.id}/revoke`, { reason: '重复' }, admin);
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('a certified company’s new district or size goes back to review, by the new district’s officer; other changes apply at once', async () => {
    const e = await certified('南京迁区旅程科技有限公司');
    const moved = await p.api(
      'POST',
      '/qualification/enterprise-certifications',
      { ...e.body, district: '秦淮区' },
      e.token,
    );
    expect(moved.body.state).toBe('submitted');
    // the officer of the district it leaves does not review it; the one it joins does
    expect((await p.api('POST', `/qualification/reviews/${moved.body.id}/approve`, undefined, officer)).status).toBe(
      404,
    );
    expect(
      (await p.api('POST', `/qualification/reviews/${moved.body.id}/approve`, undefined, qinhuaiOfficer)).body.state,
    ).toBe('certified');
    const grown = await p.api(
      'POST',
      '/qualification/enterprise-certifications',
      { ...e.body, district: '秦淮区', size: 'medium' },
      e.token,
    );
    expect(grown.body.state).toBe('submitted');
    expect(
      (
        await p.api(
          'POST',
          `/qualification/reviews/${grown.body.id}/reject`,
          { reason: '规模证明不足' },
          qinhuaiOfficer,
        )
      ).body.state,
    ).toBe('rejected');
    const employees = await p.api(
      'POST',
      '/qualification/enterprise-certifications',
      { ...e.body, district: '秦淮区', employees: 20 },
      e.token,
    );
    expect(employees.body.state).toBe('certified');
  });

  it('an approved voucher qualification’s new district goes to that district’s officer; other updates apply at once (QUA-4)', async () => {
    const e = await certifiedEnterprise(p, officer, '南京资格迁区旅程科技有限公司');
    const body = await voucherQualification(p, e.token, 2026);
    const vq = await p.api('POST', '/qualification/voucher-qualifications', body, e.token);
    expect((await p.api('POST', `/qualification/reviews/${vq.body.id}/approve`, undefined, officer)).status).toBe(200);
    const updated = await p.api(
      'PUT',
      `/qualification/voucher-qualifications/${vq.body.id}`,
      { ...body, employees: 30 },
      e.token,
    );
    expect(updated.body).toEqual({ id: vq.body.id, state: 'approved' });
    const moved = await p.api(
      'PUT',
      `/qualification/voucher-qualifications/${vq.body.id}`,
      { ...body, employees: 30, district: '秦淮区' },
      e.token,
    );
    expect(moved.body.state).toBe('submitted');
    expect(moved.body.id).not.toBe(vq.body.id);
    expect((await p.api('POST', `/qualification/reviews/${moved.body.id}/approve`, undefined, officer)).status).toBe(
      404,
    );
    expect(
      (await p.api('POST', `/qualification/reviews/${moved.body.id}/approve`, undefined, qinhuaiOfficer)).body.state,
    ).toBe('approved');
    const mine = (await p.api('GET', '/qualification/voucher-qualifications/mine', undefined, e.token)).body.items;
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: moved.body.id, state: 'approved', district: '秦淮区' }),
        expect.objectContaining({ id: vq.body.id, state: 'superseded' }),
      ]),
    );
  });
});
