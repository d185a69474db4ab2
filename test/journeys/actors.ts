import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { EVENTS_STREAM } from '@voucher/bus';
import type { EventDef } from '@voucher/contracts';
import { operatorBus } from '@voucher/testing';
import { ADMIN, type JourneyPlatform } from './platform-harness.ts';

// the smallest files whose bytes say what they are (QUA-7 judges content, not names)
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A valid unified social credit code (GB 32100-2015), different each time. */
export function creditCode(): string {
  const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91320102MA${String(randomInt(0, 1e7)).padStart(7, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + ALPHABET.indexOf(c) * W[i]!, 0);
  return body + ALPHABET[(31 - (sum % 31)) % 31];
}

/** How many times an event type was published on this platform's stream. */
export async function eventCount(p: JourneyPlatform, event: EventDef): Promise<number> {
  const bus = await operatorBus(p.iso.busPrefix, { url: p.iso.env.NATS_URL!, keysDir: p.iso.env.BUS_KEYS_DIR! });
  try {
    const info = await bus.jsm.streams.info(bus.naming.stream(EVENTS_STREAM), { subjects_filter: '>' });
    return info.state.subjects?.[bus.naming.subject(event.type)] ?? 0;
  } finally {
    await bus.close();
  }
}

export async function upload(
  p: JourneyPlatform,
  token: string,
  purpose: string,
  bytes: Buffer,
  name: string,
): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${p.platform.gatewayUrl}/api/v1/files?purpose=${purpose}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await res.json()) as { fileId: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.fileId;
}

/** An image captcha answered as a person reads it off the picture (the development sink tells its text). */
async function solvedCaptcha(p: JourneyPlatform): Promise<{ id: string; text: string }> {
  const { captchaId } = (await p.api('GET', '/auth/captcha')).body;
  return { id: captchaId, text: (await p.api('GET', `/dev/captcha/${captchaId}`)).body.text };
}

/** The last code sent to a mobile, as its owner reads it off the phone (the development sink), for the purpose expected. */
export async function codeSentTo(p: JourneyPlatform, mobile: string, purpose: string): Promise<string> {
  const sink = await p.api('GET', `/dev/sms/${mobile}`);
  expect(sink.body.purpose, JSON.stringify(sink.body)).toBe(purpose);
  return sink.body.code as string;
}

/** ID-6: a code asked for as a person does (the captcha first), read off the phone (the development sink). */
export async function smsCode(p: JourneyPlatform, mobile: string, purpose: string): Promise<string> {
  const sent = await p.api('POST', '/auth/sms-codes', { mobile, purpose, captcha: await solvedCaptcha(p) });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  return codeSentTo(p, mobile, purpose);
}

/** What a person signs in with. */
export interface Person {
  username: string;
  password: string;
  mobile: string;
}

/**
 * Signs in through the gateway as a person does (ID-3): the password, and for a platform role the SMS code then
 * sent to the account's mobile (A7). Answers the token pair.
 */
export async function signedIn(
  p: JourneyPlatform,
  who: Person,
): Promise<{ accessToken: string; refreshToken: string; user: { id: string; role: string } }> {
  const first = await p.api('POST', '/auth/login', { account: who.username, password: who.password });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  if (!first.body.secondFactor) return first.body;
  const second = await p.api('POST', '/auth/login/second-factor', {
    challengeId: first.body.secondFactor.challengeId,
    smsCode: await codeSentTo(p, who.mobile, 'second_factor'),
  });
  expect(second.status, JSON.stringify(second.body)).toBe(200);
  return second.body;
}

/** The bootstrap administrator's access token (ID-10), signed in with both factors. */
export async function adminToken(p: JourneyPlatform): Promise<string> {
  return (await signedIn(p, ADMIN)).accessToken;
}

/** Someone who registers with an SMS code and logs in (ID-1, ID-3). */
export async function account(
  p: JourneyPlatform,
  role: 'enterprise' | 'provider',
): Promise<{ id: string; token: string; username: string; mobile: string; password: string }> {
  const digits = String(randomInt(0, 1e9)).padStart(9, '0');
  const who = { role, username: `${role}_${digits}`, mobile: `17${digits}`, password: 'Journey#2026' };
  const code = await smsCode(p, who.mobile, 'register');
  const reg = await p.api('POST', '/auth/register', {
    ...who,
    confirmPassword: who.password,
    smsCode: code,
    agreed: true,
  });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const login = await p.api('POST', '/auth/login', { account: who.username, password: who.password });
  return {
    id: reg.body.userId,
    token: login.body.accessToken,
    username: who.username,
    mobile: who.mobile,
    password: who.password,
  };
}

/** A platform user the administrator creates (ID-10), signed in with both factors, with what a person signs in with. */
export async function staffAccount(
  p: JourneyPlatform,
  adminToken: string,
  role: string,
  extra: Record<string, string> = {},
): Promise<Person & { token: string }> {
  const digits = String(randomInt(0, 1e8)).padStart(8, '0');
  const who = { username: `${role.slice(0, 8)}_${digits}`, password: 'Review#2026', mobile: `147${digits}` };
  const res = await p.api('POST', '/admin/users', { role, ...who, ...extra }, adminToken);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...who, token: (await signedIn(p, who)).accessToken };
}

/** A platform user the administrator creates (ID-10), signed in. */
export async function staff(p: JourneyPlatform, adminToken: string, role: string, extra: Record<string, string> = {}) {
  return (await staffAccount(p, adminToken, role, extra)).token;
}

export function enterpriseCertification(companyName: string, licenceFileId: string, district = '玄武区') {
  return {
    companyName,
    creditCode: creditCode(),
    legalRepresentative: '张三',
    contactName: '李四',
    contactPhone: '13800000000',
    email: 'a@b.cn',
    district,
    registeredAddress: '南京市玄武区珠江路1号',
    businessAddress: '南京市玄武区珠江路1号',
    size: 'small',
    foundedOn: '2017-11-25',
    industry: '软件和信息技术服务业',
    employees: 12,
    lastYearRevenue: 1230000000,
    lastYearTax: 5000000,
    qualifications: ['专精特新'],
    licenceFileId,
  };
}

/** A provider's certification application (QUA-3), citing its uploaded licence and commitment. */
export function providerCertification(companyName: string, licenceFileId: string, commitmentFileId: string) {
  return {
    companyName,
    creditCode: creditCode(),
    contactName: '王五',
    contactPhone: '13900000000',
    licenceFileId,
    serviceScopes: ['诊断咨询'],
    coreProducts: '数字化诊断',
    industries: ['制造业'],
    industrialCustomers: 30,
    revenues: { '2023': 100000000, '2024': 120000000, '2025': 150000000 },
    region: { scope: 'city', city: '济南市' },
    commitmentFileId,
  };
}

export async function voucherQualification(p: JourneyPlatform, token: string, year: number) {
  return {
    year,
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
      applicationForm: await upload(p, token, 'application_form', PDF, '申请表.pdf'),
      licenceCopy: await upload(p, token, 'business_licence', PNG, '执照.png'),
      commitmentLetter: await upload(p, token, 'commitment_letter', PDF, '承诺书.pdf'),
    },
  };
}

/** QUA-2, QUA-1: registered, surveyed, and applied for certification in its district, not yet reviewed. */
export async function appliedEnterprise(p: JourneyPlatform, companyName: string, district = '玄武区') {
  const e = await account(p, 'enterprise');
  await p.api(
    'PUT',
    '/qualification/survey/answers',
    { answers: { city: '南京市', companyType: '私营企业' } },
    e.token,
  );
  const licence = await upload(p, e.token, 'business_licence', PNG, '营业执照.png');
  const cert = await p.api(
    'POST',
    '/qualification/enterprise-certifications',
    enterpriseCertification(companyName, licence, district),
    e.token,
  );
  expect(cert.status, JSON.stringify(cert.body)).toBe(201);
  return { ...e, applicationId: cert.body.id as string };
}

/** DOMAIN §11 step 1: registered, surveyed and certified by the officer of its district (QUA-1, QUA-2). */
export async function certifiedEnterprise(
  p: JourneyPlatform,
  officerToken: string,
  companyName: string,
  district = '玄武区',
) {
  const { applicationId, ...e } = await appliedEnterprise(p, companyName, district);
  const approved = await p.api('POST', `/qualification/reviews/${applicationId}/approve`, undefined, officerToken);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { ...e, certificationId: applicationId };
}

/** DOMAIN §11 steps 1-2: registered, surveyed, certified and qualified for the year by its district officer. */
export async function qualifiedEnterprise(p: JourneyPlatform, officerToken: string, companyName: string, year: number) {
  const e = await certifiedEnterprise(p, officerToken, companyName);
  const vq = await p.api(
    'POST',
    '/qualification/voucher-qualifications',
    await voucherQualification(p, e.token, year),
    e.token,
  );
  expect(vq.status, JSON.stringify(vq.body)).toBe(201);
  expect((await p.api('POST', `/qualification/reviews/${vq.body.id}/approve`, undefined, officerToken)).status).toBe(
    200,
  );
  return e;
}

/** LOT-1, LOT-9: the CERT voucher category and a first-come campaign of 50 CERT vouchers, open now. */
export async function certCampaign(p: JourneyPlatform, approverToken: string): Promise<string> {
  const category = await p.api(
    'POST',
    '/lottery/categories',
    {
      code: 'CERT',
      name: '体系认证服务专用券',
      faceValue: 200000,
      validityDays: 180,
      redemptionMode: 'balance',
      annualLimit: 5,
    },
    approverToken,
  );
  expect(category.status).toBe(201);
  return firstComeCampaign(p, approverToken, '体系认证券先到先得', 50);
}

/** LOT-9: a first-come campaign of `stock` CERT vouchers, open for the next hour. */
export async function firstComeCampaign(
  p: JourneyPlatform,
  approverToken: string,
  name: string,
  stock: number,
): Promise<string> {
  const campaign = await p.api(
    'POST',
    '/lottery/campaigns',
    {
      name,
      mode: 'first_come',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      categories: ['CERT'],
      stock: { CERT: stock },
    },
    approverToken,
  );
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
  return campaign.body.id as string;
}

/** DOMAIN §11 steps 1-4: a qualified enterprise that grabbed one CERT voucher of the campaign and set its PIN. */
export async function enterpriseWithVoucher(
  p: JourneyPlatform,
  officerToken: string,
  campaignId: string,
  name: string,
  pin: string,
) {
  const e = await qualifiedEnterprise(p, officerToken, name, new Date().getFullYear());
  // lottery learns of the qualification from its event: the claim may have to wait for it a moment
  await expect
    .poll(
      async () =>
        (await p.api('POST', `/lottery/campaigns/${campaignId}/claims`, { category: 'CERT' }, e.token)).status,
      { timeout: 10_000 },
    )
    .toBe(201);
  let voucherId: string | undefined;
  await expect
    .poll(
      async () => {
        voucherId = (await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0]?.id;
        return voucherId;
      },
      { timeout: 10_000 },
    )
    .toBeDefined();
  expect((await p.api('PUT', '/wallet/pin', { pin, password: e.password }, e.token)).status).toBe(204);
  return { ...e, voucherId: voucherId! };
}

/** DOMAIN §11 step 5's seller: a provider in the directory, certified by an operator and an approver (QUA-3). */
export async function certifiedProvider(
  p: JourneyPlatform,
  reviewers: { admin: string; operator: string; approver: string },
  companyName: string,
) {
  const imported = await fetch(`${p.platform.gatewayUrl}/api/v1/admin/provider-directory`, {
    method: 'POST',
    headers: { authorization: `Bearer ${reviewers.admin}`, 'content-type': 'text/csv' },
    body: `name,creditCode,region\n${companyName},,济南市\n`,
  });
  expect(imported.status).toBe(200);
  const provider = await account(p, 'provider');
  const applied = await p.api(
    'POST',
    '/qualification/provider-certifications',
    providerCertification(
      companyName,
      await upload(p, provider.token, 'business_licence', PNG, 'licence.png'),
      await upload(p, provider.token, 'provider_commitment', PDF, 'commitment.pdf'),
    ),
    provider.token,
  );
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  for (const reviewer of [reviewers.operator, reviewers.approver]) {
    const res = await p.api('POST', `/qualification/reviews/${applied.body.id}/approve`, undefined, reviewer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return provider;
}

/** A complete product (CAT-1/2) with the provider's own uploads, accepting CERT vouchers. */
export async function productBody(p: JourneyPlatform, providerToken: string, name: string) {
  const caseStudy = async (i: number) => ({
    customer: `济南第${i}机械制造有限公司`,
    customerAnnualOutput: 1200000000,
    saleAmount: 400000,
    deliveryMonths: 2,
    documentFileId: await upload(p, providerToken, 'case_document', PDF, `案例${i}.pdf`),
  });
  return {
    name,
    relatedProductName: '环境管理体系',
    category: '体系认证',
    tags: ['认证'],
    thumbnailFileId: await upload(p, providerToken, 'product_image', PNG, '展示图.png'),
    solutionTypes: ['体系认证'],
    industries: ['制造业'],
    historicalPrice: { min: 300000, max: 500000 },
    deliveryDays: 30,
    deliveryPersonDays: 10,
    cases: [await caseStudy(1), await caseStudy(2), await caseStudy(3)],
    contact: { name: '杨老师', mobile: '13800000000' },
    detail: { highlights: ['一站式'], description: '从诊断到取证', screenshotFileIds: [] },
    support: '工作日电话支持',
    region: '济南市',
    specs: [{ name: '标准版', purchaseMode: 'per_quantity', pricing: 'simple', price: 400000 }],
    voucherTerms: { acceptedCategories: ['CERT'], maxVoucherPerUnit: 200000, annualLimitPerEnterprise: 2 },
  };
}

/** DOMAIN §11 step 5: a product drafted, submitted and approved by the three reviewers. */
export async function listedProduct(
  p: JourneyPlatform,
  providerToken: string,
  reviewers: { operator: string; expert: string; approver: string },
  name: string,
): Promise<string> {
  const draft = await p.api('POST', '/catalog/products', await productBody(p, providerToken, name), providerToken);
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  await p.api('POST', `/catalog/products/${draft.body.id}/submit`, undefined, providerToken);
  for (const who of [reviewers.operator, reviewers.expert, reviewers.approver]) {
    const res = await p.api('POST', `/catalog/reviews/${draft.body.id}/approve`, undefined, who);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return draft.body.id;
}

export interface ReviewerTeam {
  admin: string;
  operator: string;
  expert: string;
  approver: string;
  /** a district officer of 玄武区 */
  officer: string;
}

/** The bootstrap administrator and one signed-in user of each reviewing role (ID-10), as access tokens. */
export async function reviewerTeam(p: JourneyPlatform): Promise<ReviewerTeam> {
  const admin = await adminToken(p);
  return {
    admin,
    operator: await staff(p, admin, 'operator'),
    expert: await staff(p, admin, 'expert'),
    approver: await staff(p, admin, 'approver'),
    officer: await staff(p, admin, 'district_officer', { district: '玄武区' }),
  };
}

/** SET-1: a bank account of the provider, in its certified name. */
export async function bankAccountOf(p: JourneyPlatform, provider: { token: string }, accountName: string) {
  const added = await p.api(
    'POST',
    '/settlement/bank-accounts',
    { bank: '中国工商银行', branch: '济南分行', accountName, number: '6222020200112233445' },
    provider.token,
  );
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  return added.body.id as string;
}

export interface RedemptionSetting {
  /** the district officer of 玄武区, who certifies the enterprise */
  officer: string;
  provider: { token: string };
  campaignId: string;
  productId: string;
  pin: string;
  bankAccount(): Promise<string>;
}

/**
 * DOMAIN §11 steps 5-7: an enterprise of 玄武区 orders the product and pays
 * 2,000 yuan with a CERT voucher and the rest in cash (a receipt); the order
 * is accepted, contracted, served (one service record), delivered and
 * completed; the provider applies to redeem the voucher payment with four
 * materials. Runs inside a test (it polls).
 */
export async function redemptionApplied(p: JourneyPlatform, s: RedemptionSetting, name: string) {
  const e = await enterpriseWithVoucher(p, s.officer, s.campaignId, name, s.pin);
  const order = {
    productId: s.productId,
    specName: '标准版',
    quantity: 1,
    message: '',
    agreementAccepted: true,
    vouchers: [{ voucherId: e.voucherId, amount: 200000 }],
    pin: s.pin,
  };
  const placed = await p.api('POST', '/orders', order, e.token);
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const orderId = placed.body.id as string;
  const step = async (path: string, body: unknown, token: string) => {
    const res = await p.api('POST', `/orders/${orderId}/${path}`, body, token);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const receipt = await upload(p, e.token, 'payment_receipt', PNG, '转账凭证.png');
  await step('receipts', { fileIds: [receipt] }, e.token);
  await step('accept', undefined, s.provider.token);
  const contract = await upload(p, e.token, 'contract', PDF, '服务合同.pdf');
  await step('contract', { fileId: contract }, e.token);
  const served = await step(
    'service-records',
    { date: '2026-11-20', engineer: '张工', description: '现场差距诊断' },
    s.provider.token,
  );
  await step('deliver', undefined, s.provider.token);
  await step('complete', { completed: true }, e.token);
  let lineId: string | undefined;
  await expect
    .poll(
      async () => {
        const lines = (await p.api('GET', '/settlement/redeemable', undefined, s.provider.token)).body.items;
        lineId = lines.find((l: { orderId: string }) => l.orderId === orderId)?.id;
        return lineId;
      },
      { timeout: 10_000 },
    )
    .toBeDefined();
  const material = (file: string) => upload(p, s.provider.token, 'settlement_material', PDF, file);
  const materials = {
    contract: await material('合同.pdf'),
    invoice: await material('发票.pdf'),
    receipt: await material('凭证.pdf'),
    priceEvidence: await material('价格.pdf'),
  };
  const applied = await p.api(
    'POST',
    '/settlement/applications',
    { paymentIds: [lineId], bankAccountId: await s.bankAccount(), materials },
    s.provider.token,
  );
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  return {
    enterprise: e,
    orderId,
    receipt,
    contract,
    recordId: served.serviceRecords[0].id as string,
    applicationId: applied.body.id as string,
    materials,
  };
}
