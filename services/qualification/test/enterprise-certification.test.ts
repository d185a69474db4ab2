import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fileAccessCommand, qualification, qualificationEvents } from '@voucher/contracts';
import {
  aCreditCode,
  anEnterpriseCertification,
  as,
  qualificationHarness,
  SURVEY,
  type QualificationHarness,
} from './harness.ts';

let h: QualificationHarness;
const officer = as('district_officer', { district: '玄武区' });
const otherOfficer = as('district_officer', { district: '秦淮区' });
const admin = as('admin');

beforeAll(async () => {
  h = await qualificationHarness('quaent');
});
afterAll(() => h.close());

async function applications(): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM applications`.execute(h.service.db)).rows[0]!.n;
}

async function certifiedEnterprise() {
  const enterprise = as('enterprise');
  await h.call(qualification.answerSurvey, { answers: SURVEY }, enterprise);
  const body = anEnterpriseCertification(h, enterprise);
  const { id } = await h.call(qualification.submitEnterpriseCertification, body, enterprise);
  await h.call(qualification.approve, { id }, officer);
  return { enterprise, body, id };
}

describe('QUA-1 enterprise certification, reviewed by its district officer', () => {
  it('certifies once the survey is answered, and announces it exactly once', async () => {
    const before = await h.eventCount(qualificationEvents.enterpriseCertified);
    const enterprise = as('enterprise');
    const { id, state } = await h.call(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise),
      enterprise,
    );
    expect(state).toBe('submitted');
    expect((await h.refusal(qualification.approve, { id }, officer)).code).toBe('DATA_INCOMPLETE');
    await h.call(qualification.answerSurvey, { answers: SURVEY }, enterprise);
    expect(await h.call(qualification.approve, { id }, officer)).toEqual({ id, state: 'certified' });
    expect(await h.eventCount(qualificationEvents.enterpriseCertified)).toBe(before + 1);
    const [mine] = (await h.call(qualification.myApplications, { kind: 'enterprise_certification' }, enterprise)).items;
    expect(mine).toMatchObject({ id, state: 'certified' });
    expect(mine!.history.map((e) => [e.action, e.toState, e.actorRole])).toEqual([
      ['submitted', 'submitted', 'enterprise'],
      ['approve', 'certified', 'district_officer'],
    ]);
  });

  it('refuses approving twice', async () => {
    const { id } = await certifiedEnterprise();
    expect(await h.refusal(qualification.approve, { id }, officer)).toMatchObject({
      code: 'INVALID_STATE',
      details: { state: 'certified' },
    });
  });

  it('hides the application from reviewers outside its chain or district, and refuses applicants', async () => {
    const enterprise = as('enterprise');
    const { id } = await h.call(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise),
      enterprise,
    );
    expect((await h.refusal(qualification.approve, { id }, otherOfficer)).code).toBe('NOT_FOUND');
    expect((await h.refusal(qualification.approve, { id }, as('operator'))).code).toBe('NOT_FOUND');
    expect((await h.refusal(qualification.approve, { id }, as('enterprise'))).code).toBe('FORBIDDEN');
    expect((await h.refusal(qualification.getApplication, { id }, otherOfficer)).code).toBe('NOT_FOUND');
  });

  it('lets exactly one of two reviewers approving at once win', async () => {
    const enterprise = as('enterprise');
    await h.call(qualification.answerSurvey, { answers: SURVEY }, enterprise);
    const { id } = await h.call(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise),
      enterprise,
    );
    const results = await Promise.allSettled([
      h.call(qualification.approve, { id }, officer),
      h.call(qualification.approve, { id }, as('district_officer', { district: '玄武区' })),
      h.call(qualification.reject, { id, reason: '材料不全' }, admin),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason.code).toBe('INVALID_STATE');
    }
    const history = (await h.call(qualification.getApplication, { id }, officer)).history;
    expect(history).toHaveLength(2);
  });

  it('refuses a wrong check character and writes nothing', async () => {
    const enterprise = as('enterprise');
    const before = await applications();
    const code = aCreditCode();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const err = await h.refusal(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise, { creditCode: wrong }),
      enterprise,
    );
    expect(err).toMatchObject({
      code: 'INVALID_CREDIT_CODE',
      details: { field: 'creditCode', problem: 'check_character' },
    });
    expect(await applications()).toBe(before);
  });

  it('refuses a credit code another account holds', async () => {
    const { body } = await certifiedEnterprise();
    const other = as('enterprise');
    const before = await applications();
    const err = await h.refusal(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, other, { creditCode: body.creditCode }),
      other,
    );
    expect(err.code).toBe('CREDIT_CODE_TAKEN');
    expect(await applications()).toBe(before);
  });

  it('refuses a licence that belongs to someone else, or was uploaded for another purpose', async () => {
    const enterprise = as('enterprise');
    const stranger = as('enterprise');
    const before = await applications();
    const foreign = await h.refusal(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise, { licenceFileId: h.upload(stranger.userId, 'business_licence') }),
      enterprise,
    );
    expect(foreign).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'licenceFileId' }] } });
    const wrongPurpose = await h.refusal(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise, { licenceFileId: h.upload(enterprise.userId, 'contract') }),
      enterprise,
    );
    expect(wrongPurpose.details.fields[0].message).toContain('business_licence');
    expect(await applications()).toBe(before);
  });

  it('refuses an enterprise the programme does not serve, naming the rule (QUA-5)', async () => {
    const enterprise = as('enterprise');
    const err = await h.refusal(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise, { size: 'large', district: '浦东新区' }),
      enterprise,
    );
    expect(err).toMatchObject({ code: 'NOT_QUALIFIED', details: { rules: ['size', 'district'] } });
  });

  it('keeps history through reject, edit and resubmit', async () => {
    const enterprise = as('enterprise');
    await h.call(qualification.answerSurvey, { answers: SURVEY }, enterprise);
    const body = anEnterpriseCertification(h, enterprise);
    const { id } = await h.call(qualification.submitEnterpriseCertification, body, enterprise);
    await h.call(qualification.reject, { id, reason: '营业执照不清晰' }, officer);
    const rejected = await h.call(qualification.getApplication, { id }, enterprise);
    expect(rejected).toMatchObject({ state: 'rejected', reason: '营业执照不清晰' });
    const again = await h.call(
      qualification.resubmitEnterpriseCertification,
      { ...body, id, licenceFileId: h.upload(enterprise.userId, 'business_licence') },
      enterprise,
    );
    expect(again).toEqual({ id, state: 'submitted' });
    await h.call(qualification.approve, { id }, officer);
    const done = await h.call(qualification.getApplication, { id }, enterprise);
    expect(done.history.map((e) => e.action)).toEqual(['submitted', 'reject', 'resubmitted', 'approve']);
    expect(done.history[1]!.reason).toBe('营业执照不清晰');
  });

  it('refuses approving a withdrawn application', async () => {
    const enterprise = as('enterprise');
    const { id } = await h.call(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise),
      enterprise,
    );
    expect(await h.call(qualification.withdraw, { id }, enterprise)).toEqual({ id, state: 'withdrawn' });
    expect(await h.refusal(qualification.approve, { id }, officer)).toMatchObject({
      code: 'INVALID_STATE',
      details: { state: 'withdrawn' },
    });
    expect((await h.refusal(qualification.withdraw, { id }, as('enterprise'))).code).toBe('NOT_FOUND');
  });

  it('applies changes without review except name, credit code and contact (QUA-6)', async () => {
    const { enterprise, body } = await certifiedEnterprise();
    const updatedBefore = await h.eventCount(qualificationEvents.enterpriseUpdated);
    const direct = await h.call(qualification.submitEnterpriseCertification, { ...body, employees: 40 }, enterprise);
    expect(direct.state).toBe('certified');
    expect(await h.eventCount(qualificationEvents.enterpriseUpdated)).toBe(updatedBefore + 1);

    const renamed = await h.call(
      qualification.submitEnterpriseCertification,
      { ...body, employees: 40, companyName: `${body.companyName}（更名）` },
      enterprise,
    );
    expect(renamed.state).toBe('submitted');
    const status = await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, officer);
    expect(status).toMatchObject({ certified: true, companyName: body.companyName });
    await h.call(qualification.approve, { id: renamed.id }, officer);
    const after = await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, officer);
    expect(after.companyName).toBe(`${body.companyName}（更名）`);
    expect(await h.eventCount(qualificationEvents.enterpriseUpdated)).toBe(updatedBefore + 2);
  });

  it('lets an administrator revoke a certification with a reason', async () => {
    const { enterprise, id } = await certifiedEnterprise();
    expect(await h.call(qualification.revoke, { id, reason: '虚假材料' }, admin)).toEqual({ id, state: 'revoked' });
    expect((await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, admin)).certified).toBe(
      false,
    );
    expect((await h.refusal(qualification.revoke, { id, reason: '再次' }, admin)).code).toBe('INVALID_STATE');
    expect((await h.refusal(qualification.revoke, { id, reason: 'x' }, officer)).code).toBe('FORBIDDEN');
  });
});

describe('QUA-8 queues and QUA-7 attachment access', () => {
  it("shows an officer only its district's pending items, filtered by name and date", async () => {
    const a = as('enterprise');
    const b = as('enterprise');
    const inDistrict = anEnterpriseCertification(h, a, { companyName: '南京队列测试甲有限公司' });
    await h.call(qualification.submitEnterpriseCertification, inDistrict, a);
    await h.call(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, b, { district: '秦淮区' }),
      b,
    );
    const page = await h.call(
      qualification.reviewQueue,
      { page: 1, pageSize: 50, q: '队列测试甲', from: '2020-01-01', to: '2099-12-31' },
      officer,
    );
    expect(page.items.map((i) => i.companyName)).toEqual(['南京队列测试甲有限公司']);
    const all = await h.call(qualification.reviewQueue, { page: 1, pageSize: 100 }, officer);
    expect(all.items.every((i) => i.district === '玄武区' && i.state === 'submitted')).toBe(true);
    const future = await h.call(qualification.reviewQueue, { page: 1, pageSize: 100, from: '2099-01-01' }, officer);
    expect(future.total).toBe(0);
    expect(
      (await h.call(qualification.reviewQueue, { page: 1, pageSize: 10 }, as('operator'))).items.every(
        (i) => i.kind === 'provider_certification',
      ),
    ).toBe(true);
  });

  it("lets the application's reviewers, and no one else, read its licence", async () => {
    const enterprise = as('enterprise');
    const body = anEnterpriseCertification(h, enterprise);
    await h.call(qualification.submitEnterpriseCertification, body, enterprise);
    const ask = (caller: ReturnType<typeof as>) =>
      h.call(
        fileAccessCommand('qualification'),
        { fileId: body.licenceFileId, ownerId: enterprise.userId, purpose: 'business_licence' },
        caller,
      );
    expect(await ask(officer)).toEqual({ allowed: true });
    expect(await ask(otherOfficer)).toEqual({ allowed: false });
    expect(await ask(as('operator'))).toEqual({ allowed: false });
    expect(await ask(as('enterprise'))).toEqual({ allowed: false });
  });
});
