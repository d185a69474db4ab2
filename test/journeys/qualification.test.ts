import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { qualificationEvents, type EventDef } from '@voucher/contracts';
import { ADMIN, journeyPlatform, type JourneyPlatform } from './platform-harness.ts';

let p: JourneyPlatform;
let admin: string;

// the smallest files whose bytes say what they are (QUA-7 judges content, not names)
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function creditCode(): string {
  const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91320102MA${String(randomInt(0, 1e7)).padStart(7, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + ALPHABET.indexOf(c) * W[i]!, 0);
  return body + ALPHABET[(31 - (sum % 31)) % 31];
}

async function eventCount(event: EventDef): Promise<number> {
  const nc = await connect({ servers: p.iso.env.NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(`${p.iso.busPrefix}_EVENTS`, { subjects_filter: '>' });
    return info.state.subjects?.[`${p.iso.busPrefix}.${event.type}`] ?? 0;
  } finally {
    await nc.close();
  }
}

async function upload(token: string, purpose: string, bytes: Buffer, name: string): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${p.platform.gatewayUrl}/api/v1/files?purpose=${purpose}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.fileId;
}

async function account(role: 'enterprise' | 'provider'): Promise<{ id: string; token: string; username: string }> {
  const digits = String(randomInt(0, 1e9)).padStart(9, '0');
  const who = { role, username: `${role}_${digits}`, mobile: `17${digits}`, password: 'Qualify#2026' };
  await p.api('POST', '/auth/sms-codes', { mobile: who.mobile, purpose: 'register' });
  const { code } = (await p.api('GET', `/dev/sms/${who.mobile}`)).body;
  const reg = await p.api('POST', '/auth/register', {
    ...who,
    confirmPassword: who.password,
    smsCode: code,
    agreed: true,
  });
  const login = await p.api('POST', '/auth/login', { account: who.username, password: who.password });
  return { id: reg.body.userId, token: login.body.accessToken, username: who.username };
}

async function staff(role: string, extra: Record<string, string> = {}): Promise<string> {
  const digits = String(randomInt(0, 1e8)).padStart(8, '0');
  const username = `${role.slice(0, 8)}_${digits}`;
  const res = await p.api(
    'POST',
    '/admin/users',
    { role, username, mobile: `147${digits}`, password: 'Review#2026', ...extra },
    admin,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (await p.api('POST', '/auth/login', { account: username, password: 'Review#2026' })).body.accessToken;
}

beforeAll(async () => {
  p = await journeyPlatform('jqua');
  admin = (await p.api('POST', '/auth/login', { account: ADMIN.username, password: ADMIN.password })).body.accessToken;
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

    const cert = {
      companyName: '南京旅程科技有限公司',
      creditCode: creditCode(),
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '13800000000',
      email: 'a@b.cn',
      district: '玄武区',
      registeredAddress: '南京市玄武区珠江路1号',
      businessAddress: '南京市玄武区珠江路1号',
      size: 'small',
      foundedOn: '2017-11-25',
      industry: '软件和信息技术服务业',
      employees: 12,
      lastYearRevenue: 1230000000,
      lastYearTax: 5000000,
      qualifications: ['专精特新'],
      licenceFileId: licence,
    };
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
      {
        year: 2026,
        district: '玄武区',
        lastYearTax: 5000000,
        mainBusiness: '工业软件',
        employees: 12,
        lastYearRevenue: 1230000000,
        industry: '软件和信息技术服务业',
        rdSpend: 0,
        totalAssets: 100000000,
        enterpriseType: '私营企业',
        attachments: {
          applicationForm: await upload(enterprise.token, 'application_form', PDF, '申请表.pdf'),
          licenceCopy: await upload(enterprise.token, 'business_licence', PNG, '执照.png'),
          commitmentLetter: await upload(enterprise.token, 'commitment_letter', PDF, '承诺书.pdf'),
        },
      },
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
