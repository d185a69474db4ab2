import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Role } from '@voucher/contracts';
import { mayCall } from '../../services/gateway/src/http/access.ts';
import { routeAccess, type RouteAccess, type RouteKey } from '../../services/gateway/src/http/route-access.ts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  appliedEnterprise,
  bankAccountOf,
  certCampaign,
  certifiedEnterprise,
  certifiedProvider,
  enterpriseCertification,
  listedProduct,
  PDF,
  PNG,
  productBody,
  providerCertification,
  redemptionApplied,
  reviewerTeam,
  signedIn,
  staff,
  upload,
  voucherQualification,
} from './actors.ts';

/**
 * Issue 16 item 3: the route access table (services/gateway/src/http/route-access.ts),
 * walked row by row as every kind of caller. Each row says who may call the
 * route and whose data it touches; this file asserts it through the running
 * platform: 401 without a token, 403 for a role (or a staff menu) the row
 * does not list, and for a record of one enterprise or provider, 404 for
 * every caller outside its reach (API.md: someone else's data is not found).
 */
const callers = [
  'anonymous',
  'enterpriseA',
  'enterpriseB',
  'provider',
  'otherProvider',
  'staffWithoutMenu',
  'admin',
  'operator',
  'expert',
  'approver',
  'finance',
  'officer',
  'otherDistrictOfficer',
] as const;
type Who = (typeof callers)[number];

const roleOf: Record<Exclude<Who, 'anonymous'>, Role> = {
  enterpriseA: 'enterprise',
  enterpriseB: 'enterprise',
  provider: 'provider',
  otherProvider: 'provider',
  staffWithoutMenu: 'provider_staff',
  admin: 'admin',
  operator: 'operator',
  expert: 'expert',
  approver: 'approver',
  finance: 'finance',
  officer: 'district_officer',
  otherDistrictOfficer: 'district_officer',
};

/** What the row allows this caller, before any record is looked at. */
function allows(access: RouteAccess, who: Who): boolean {
  if (access.roles === 'public') return true;
  if (who === 'anonymous') return false;
  return mayCall({ role: roleOf[who], permissions: [] } as unknown as Caller, access.roles, access.menu);
}

const PIN = '135790';
let p: JourneyPlatform;

beforeAll(async () => {
  // some two thousand requests from one address in a minute: the per-IP budget is not what is tested here
  p = await journeyPlatform('jmatrix', { RATE_LIMIT_IP_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000' });
});
afterAll(() => p?.close());

/** Everyone the matrix calls as, and one record of each kind that belongs to enterprise A or to the provider. */
async function buildWorld() {
  const reviewers = await reviewerTeam(p);
  const finance = await staff(p, reviewers.admin, 'finance');
  const otherDistrictOfficer = await staff(p, reviewers.admin, 'district_officer', { district: '秦淮区' });
  const campaignId = await certCampaign(p, reviewers.approver);
  const provider = await certifiedProvider(p, reviewers, '济南矩阵认证服务有限公司');
  const otherProvider = await certifiedProvider(p, reviewers, '济南矩阵别家服务有限公司');
  const productId = await listedProduct(p, provider.token, reviewers, 'ISO9001质量管理体系认证');
  let account: Promise<string> | undefined;
  const redemption = await redemptionApplied(
    p,
    {
      officer: reviewers.officer,
      provider,
      campaignId,
      productId,
      pin: PIN,
      bankAccount: () => (account ??= bankAccountOf(p, provider, '济南矩阵认证服务有限公司')),
    },
    '南京矩阵甲科技有限公司',
  );
  const a = redemption.enterprise;
  const b = await certifiedEnterprise(p, otherDistrictOfficer, '南京矩阵乙科技有限公司', '秦淮区');

  // the provider's staff: one without any menu (a caller), one to be changed and removed (a record)
  const newStaff = async (permissions: string[]) => {
    const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    const who = { username: `staff_${digits}`, password: 'Staff#2026x', mobile: `166${digits}` };
    const res = await p.api('POST', '/provider/staff', { ...who, permissions }, provider.token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { ...who, id: res.body.userId as string };
  };
  const staffWithoutMenu = (await signedIn(p, await newStaff([]))).accessToken;
  const staffMember = await newStaff(['orders']);
  const expert = await p.api(
    'POST',
    '/provider/experts',
    { name: '周专家', age: 45, gender: 'female', fields: ['质量管理'], yearsOfService: 20 },
    provider.token,
  );
  expect(expert.status, JSON.stringify(expert.body)).toBe(201);

  // a certification of 玄武区 waiting for its officer, and an enterprise of 玄武区 whose password an officer resets
  const pending = await appliedEnterprise(p, '南京矩阵丙科技有限公司');
  const resettable = await certifiedEnterprise(p, reviewers.officer, '南京矩阵丁科技有限公司');

  const mine = async (path: string, token: string) =>
    ((await p.api('GET', path, undefined, token)).body.items as { id: string }[])[0]!.id;
  const tokens: Record<Who, string | undefined> = {
    anonymous: undefined,
    enterpriseA: a.token,
    enterpriseB: b.token,
    provider: provider.token,
    otherProvider: otherProvider.token,
    staffWithoutMenu,
    admin: reviewers.admin,
    operator: reviewers.operator,
    expert: reviewers.expert,
    approver: reviewers.approver,
    finance,
    officer: reviewers.officer,
    otherDistrictOfficer,
  };
  return {
    tokens,
    a,
    b,
    provider,
    otherProvider,
    productId,
    campaignId,
    redemption,
    staffMember,
    expertId: expert.body.id as string,
    bankAccountId: await account!,
    pending,
    resettable,
    certificationOfA: a.certificationId,
    voucherQualificationOfA: await mine('/qualification/voucher-qualifications/mine', a.token),
    certificationOfProvider: await mine('/qualification/provider-certifications/mine', provider.token),
    messageOfA: await firstMessage(a.token),
  };
}

/** The first message of a user's inbox (issue 18), once the consumer of the review events has written it. */
async function firstMessage(token: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const [message] = (await p.api('GET', '/notifications', undefined, token)).body.items as { id: string }[];
    if (message) return message.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no message reached the inbox');
}
type World = Awaited<ReturnType<typeof buildWorld>>;
let built: Promise<World> | undefined;
/** Built by the first test that needs it (the builders poll, which runs inside a test only). */
const world = () => (built ??= buildWorld());

/** A stand-in for each path parameter: well formed, naming nothing. */
function placeholderPath(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'code') return 'NOSUCH';
    if (name === 'mobile') return '13000000000';
    return randomUUID();
  });
}

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const url = ['/healthz', '/readyz'].includes(path) ? path : `/api/v1${path}`;
  const withBody = body !== undefined || ['POST', 'PUT', 'PATCH'].includes(method);
  const res = await fetch(`${p.platform.gatewayUrl}${url}`, {
    method,
    headers: {
      ...(withBody ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(withBody ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text };
}

const keys = (Object.keys(routeAccess) as RouteKey[])
  .filter((key) => !key.startsWith('HEAD ') && !key.includes(' /dev/'))
  // the one route that ends the caller's session goes last
  .sort((x, y) => Number(x === 'POST /auth/logout') - Number(y === 'POST /auth/logout'));

/** A list row: the owner's list names the record, a stranger's does not (every list scoped as its detail is). */
describe('every list is scoped as its detail route is', () => {
  it('lists a record to its party and those in reach, and to nobody else', async () => {
    const w = await world();
    const lists: [RouteKey, string, Who[]][] = [
      [
        'GET /orders/mine',
        w.redemption.orderId,
        ['enterpriseA', 'provider', 'officer', 'admin', 'operator', 'approver', 'finance'],
      ],
      ['GET /qualification/reviews', w.pending.applicationId, ['officer', 'admin']],
      ['GET /qualification/enterprise-certifications/mine', w.certificationOfA, ['enterpriseA']],
      ['GET /qualification/voucher-qualifications/mine', w.voucherQualificationOfA, ['enterpriseA']],
      ['GET /qualification/provider-certifications/mine', w.certificationOfProvider, ['provider']],
      ['GET /provider/staff', w.staffMember.id, ['provider']],
      ['GET /provider/experts', w.expertId, ['provider']],
      ['GET /catalog/mine', w.productId, ['provider']],
      ['GET /provider/customers', w.redemption.enterprise.id, ['provider']],
      ['GET /settlement/bank-accounts', w.bankAccountId, ['provider']],
      ['GET /settlement/applications/mine', w.redemption.applicationId, ['provider']],
      ['GET /wallet/vouchers', w.redemption.enterprise.voucherId, ['enterpriseA']],
      ['GET /notifications', w.messageOfA, ['enterpriseA']],
    ];
    const wrong: string[] = [];
    for (const [key, id, reach] of lists) {
      const access: RouteAccess = routeAccess[key];
      for (const who of callers.filter((c) => allows(access, c))) {
        const { status, text } = await call('GET', key.split(' ')[1]!, w.tokens[who]);
        const listed = text.includes(id);
        if (status !== 200 || listed !== reach.includes(who))
          wrong.push(`${key} as ${who}: ${status}, ${listed ? 'lists' : 'does not list'} ${id}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * A record of one party, and who reaches it besides its owner. Every other
 * caller whose role the row lists gets 404, as for an id that names nothing.
 */
interface Owned {
  path: string;
  owner: Who;
  reach: Who[];
  body?: (who: Who) => Promise<unknown> | unknown;
}

const enterpriseReaders: Who[] = ['provider', 'admin', 'operator', 'approver', 'finance', 'officer'];

/** The records the party rows name, in the order they are walked (the ones that change a certification last). */
async function ownedRecords(w: World): Promise<Partial<Record<RouteKey, Owned>>> {
  const { redemption: r } = w;
  const order = `/orders/${r.orderId}`;
  const application = `/settlement/applications/${r.applicationId}`;
  const fileOf = async (who: Who, purpose: string, bytes: Buffer, name: string) =>
    upload(p, w.tokens[who]!, purpose, bytes, name);
  const settlementReaders: Who[] = ['admin', 'approver', 'finance'];
  return {
    'GET /orders/:id': { path: order, owner: 'enterpriseA', reach: enterpriseReaders },
    'POST /orders/:id/pay': {
      path: `${order}/pay`,
      owner: 'enterpriseA',
      reach: [],
      body: () => ({ vouchers: [{ voucherId: r.enterprise.voucherId, amount: 1 }], pin: PIN }),
    },
    'POST /orders/:id/receipts': {
      path: `${order}/receipts`,
      owner: 'enterpriseA',
      reach: [],
      body: async (who) => ({ fileIds: [await fileOf(who, 'payment_receipt', PNG, '凭证.png')] }),
    },
    'POST /orders/:id/accept': { path: `${order}/accept`, owner: 'provider', reach: [] },
    'POST /orders/:id/deliver': { path: `${order}/deliver`, owner: 'provider', reach: [] },
    'POST /orders/:id/cancel': { path: `${order}/cancel`, owner: 'enterpriseA', reach: [] },
    'POST /orders/:id/withdraw-vouchers': { path: `${order}/withdraw-vouchers`, owner: 'enterpriseA', reach: [] },
    'POST /orders/:id/decline': {
      path: `${order}/decline`,
      owner: 'provider',
      reach: [],
      body: () => ({ reason: '排期已满' }),
    },
    'POST /orders/:id/contract': {
      path: `${order}/contract`,
      owner: 'enterpriseA',
      reach: [],
      body: async (who) => ({ fileId: await fileOf(who, 'contract', PDF, '合同.pdf') }),
    },
    'POST /orders/:id/complete': {
      path: `${order}/complete`,
      owner: 'enterpriseA',
      reach: [],
      body: () => ({ completed: true }),
    },
    'POST /orders/:id/service-records': {
      path: `${order}/service-records`,
      owner: 'provider',
      reach: [],
      body: () => ({ date: '2026-11-21', engineer: '王工', description: '回访' }),
    },
    'PUT /orders/:id/service-records/:recordId': {
      path: `${order}/service-records/${r.recordId}`,
      owner: 'provider',
      reach: [],
      body: () => ({ date: '2026-11-21', engineer: '王工', description: '回访' }),
    },
    'POST /orders/:id/service-requests': {
      path: `${order}/service-requests`,
      owner: 'enterpriseA',
      reach: [],
      body: () => ({ note: '请再来一次' }),
    },
    'POST /orders/:id/service-records/:recordId/evaluation': {
      path: `${order}/service-records/${r.recordId}/evaluation`,
      owner: 'enterpriseA',
      reach: [],
      body: () => ({ solved: true, scores: { attitude: 5, conduct: 5, quality: 5, price: 5, responsiveness: 5 } }),
    },
    'POST /orders/:id/evaluation': {
      path: `${order}/evaluation`,
      owner: 'enterpriseA',
      reach: [],
      body: () => ({ rating: 'good', text: '专业', platformStars: 5 }),
    },
    'GET /provider/customers/:enterpriseId': {
      path: `/provider/customers/${r.enterprise.id}`,
      owner: 'provider',
      reach: [],
    },
    'GET /files/:fileId': { path: `/files/${r.receipt}`, owner: 'enterpriseA', reach: enterpriseReaders },
    'GET /files/:fileId/meta': { path: `/files/${r.receipt}/meta`, owner: 'enterpriseA', reach: ['admin'] },
    'GET /settlement/applications/:id': { path: application, owner: 'provider', reach: settlementReaders },
    'GET /settlement/applications/:id/form': {
      path: `${application}/form`,
      owner: 'provider',
      reach: settlementReaders,
    },
    'GET /settlement/applications/:id/usage-summary': {
      path: `${application}/usage-summary`,
      owner: 'provider',
      reach: settlementReaders,
    },
    'POST /settlement/applications/:id/signed-form': {
      path: `${application}/signed-form`,
      owner: 'provider',
      reach: [],
      body: async (who) => ({ fileId: await fileOf(who, 'signed_form', PDF, '签字.pdf') }),
    },
    'POST /settlement/applications/:id/confirm': { path: `${application}/confirm`, owner: 'provider', reach: [] },
    'PATCH /settlement/bank-accounts/:id': {
      path: `/settlement/bank-accounts/${w.bankAccountId}`,
      owner: 'provider',
      reach: [],
      body: () => ({ branch: '济南高新支行' }),
    },
    'DELETE /settlement/bank-accounts/:id': {
      path: `/settlement/bank-accounts/${w.bankAccountId}`,
      owner: 'provider',
      reach: [],
    },
    'GET /catalog/mine/:id': { path: `/catalog/mine/${w.productId}`, owner: 'provider', reach: [] },
    'PUT /catalog/products/:id': {
      path: `/catalog/products/${w.productId}`,
      owner: 'provider',
      reach: [],
      body: (who) => productBody(p, w.tokens[who]!, 'ISO9001质量管理体系认证'),
    },
    'POST /catalog/products/:id/submit': {
      path: `/catalog/products/${w.productId}/submit`,
      owner: 'provider',
      reach: [],
    },
    'POST /catalog/products/:id/withdraw': {
      path: `/catalog/products/${w.productId}/withdraw`,
      owner: 'provider',
      reach: [],
    },
    'POST /catalog/products/:id/delist': {
      path: `/catalog/products/${w.productId}/delist`,
      owner: 'provider',
      reach: [],
    },
    'PATCH /provider/staff/:id': {
      path: `/provider/staff/${w.staffMember.id}`,
      owner: 'provider',
      reach: [],
      body: () => ({ email: 'staff@example.cn' }),
    },
    'PUT /provider/staff/:id/permissions': {
      path: `/provider/staff/${w.staffMember.id}/permissions`,
      owner: 'provider',
      reach: [],
      body: () => ({ permissions: ['orders', 'products'] }),
    },
    'POST /provider/staff/:id/password-reset': {
      path: `/provider/staff/${w.staffMember.id}/password-reset`,
      owner: 'provider',
      reach: [],
      body: () => ({ newPassword: 'Staff#2027y' }),
    },
    'DELETE /provider/staff/:id': { path: `/provider/staff/${w.staffMember.id}`, owner: 'provider', reach: [] },
    'PATCH /provider/experts/:id': {
      path: `/provider/experts/${w.expertId}`,
      owner: 'provider',
      reach: [],
      body: () => ({ yearsOfService: 21 }),
    },
    'DELETE /provider/experts/:id': { path: `/provider/experts/${w.expertId}`, owner: 'provider', reach: [] },
    'POST /admin/users/:id/password-reset': {
      path: `/admin/users/${w.resettable.id}/password-reset`,
      owner: 'officer',
      reach: ['admin'],
      body: () => ({ newPassword: 'Reset#2026z' }),
    },
    'GET /qualification/applications/:id': {
      path: `/qualification/applications/${w.pending.applicationId}`,
      owner: 'officer',
      reach: ['admin'],
    },
    'POST /qualification/reviews/:id/reject': {
      path: `/qualification/reviews/${w.pending.applicationId}/reject`,
      owner: 'officer',
      reach: ['admin'],
      body: () => ({ reason: '材料不全' }),
    },
    'POST /qualification/reviews/:id/approve': {
      path: `/qualification/reviews/${w.pending.applicationId}/approve`,
      owner: 'officer',
      reach: ['admin'],
    },
    'POST /qualification/applications/:id/withdraw': {
      path: `/qualification/applications/${w.voucherQualificationOfA}/withdraw`,
      owner: 'enterpriseA',
      reach: [],
    },
    'PUT /qualification/voucher-qualifications/:id': {
      path: `/qualification/voucher-qualifications/${w.voucherQualificationOfA}`,
      owner: 'enterpriseA',
      reach: [],
      body: async (who) => voucherQualification(p, w.tokens[who]!, new Date().getFullYear()),
    },
    'PUT /qualification/enterprise-certifications/:id': {
      path: `/qualification/enterprise-certifications/${w.certificationOfA}`,
      owner: 'enterpriseA',
      reach: [],
      body: async (who) =>
        enterpriseCertification('南京矩阵甲科技有限公司', await fileOf(who, 'business_licence', PNG, '执照.png')),
    },
    'PUT /qualification/provider-certifications/:id': {
      path: `/qualification/provider-certifications/${w.certificationOfProvider}`,
      owner: 'provider',
      reach: [],
      body: async (who) =>
        providerCertification(
          '济南矩阵认证服务有限公司',
          await fileOf(who, 'business_licence', PNG, 'licence.png'),
          await fileOf(who, 'provider_commitment', PDF, 'commitment.pdf'),
        ),
    },
  };
}

/** A party row that some caller outside the record's reach may call: it needs a record to walk. */
function namesOnePartysRecord(key: RouteKey): boolean {
  const access: RouteAccess = routeAccess[key];
  if (access.scope !== 'party' || !key.includes(':') || key.startsWith('HEAD ')) return false;
  const outsiders: Who[] = ['enterpriseB', 'otherProvider', 'otherDistrictOfficer'];
  return outsiders.some((who) => allows(access, who));
}

describe('someone else’s record is not found: each party row walked on a real record (DOMAIN §1)', () => {
  it('has a record for every row that names one party’s record', async () => {
    const owned = await ownedRecords(await world());
    const missing = (Object.keys(routeAccess) as RouteKey[]).filter((k) => namesOnePartysRecord(k) && !owned[k]);
    expect(missing).toEqual([]);
  });

  it('answers the owner and those in reach, and 404 to every other caller the row lets in', async () => {
    const w = await world();
    const owned = await ownedRecords(w);
    const wrong: string[] = [];
    for (const [key, record] of Object.entries(owned) as [RouteKey, Owned][]) {
      const access: RouteAccess = routeAccess[key];
      const method = key.split(' ')[0]!;
      const others = callers.filter((who) => who !== record.owner);
      // strangers first: the owner's own call may change the record (a delist, a withdrawal)
      for (const who of [...others, record.owner]) {
        const body = record.body && allows(access, who) && who !== 'anonymous' ? await record.body(who) : undefined;
        const { status, text } = await call(method, record.path, w.tokens[who], body);
        const expected = !allows(access, who)
          ? who === 'anonymous'
            ? 401
            : 403
          : who === record.owner || record.reach.includes(who)
            ? 'reached'
            : 404;
        const got =
          typeof expected === 'string' && status < 500 && ![401, 403, 404].includes(status) ? 'reached' : status;
        if (got !== expected) wrong.push(`${key} as ${who}: ${status} (expected ${expected}) ${text.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

// last: its last row, logout, ends every caller's session
describe('every route answers each caller as its row says: 401 without a token, 403 outside its roles', () => {
  for (const key of keys) {
    it(key, async () => {
      const { tokens } = await world();
      const access: RouteAccess = routeAccess[key];
      const [method, path] = key.split(' ') as [string, string];
      const url = placeholderPath(path);
      const seen: Record<string, number> = {};
      for (const who of callers) seen[who] = (await call(method, url, tokens[who])).status;
      const expected = Object.fromEntries(
        callers.map((who) => {
          const status = seen[who]!;
          if (access.roles === 'public') return [who, status === 403 || status >= 500 ? 'public' : status];
          if (who === 'anonymous') return [who, 401];
          if (!allows(access, who)) return [who, 403];
          return [who, [401, 403].includes(status) || status >= 500 ? 'past the guard' : status];
        }),
      );
      expect(seen).toEqual(expected);
      if (access.roles === 'public') expect(new Set(Object.values(seen)).size, 'the same answer for everyone').toBe(1);
    });
  }
});
