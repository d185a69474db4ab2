import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualification, qualificationEvents } from '@voucher/contracts';
import { defaultSettings } from '../src/domain/default-settings.ts';
import {
  aCreditCode,
  anEnterpriseCertification,
  aProviderCertification,
  as,
  aVoucherQualification,
  qualificationHarness,
  SURVEY,
  type QualificationHarness,
} from './harness.ts';

let h: QualificationHarness;
const officer = as('district_officer', { district: '玄武区' });
const operator = as('operator');
const approver = as('approver');
const admin = as('admin');

beforeAll(async () => {
  h = await qualificationHarness('quaprov');
  await h.call(
    qualification.importDirectory,
    { csv: `name,creditCode,region\n南京名录服务商有限公司,,南京市\n"江苏名录, 数字科技有限公司",${aCreditCode()},\n` },
    admin,
  );
});
afterAll(() => h.close());

describe('QUA-3 the eligible-provider directory', () => {
  it('imports CSV and JSON, skipping bad rows with their reasons', async () => {
    const csv = await h.call(
      qualification.importDirectory,
      { csv: 'name,creditCode\n甲公司,91350100M000100Y44\n乙公司,\n' },
      admin,
    );
    expect(csv).toMatchObject({
      imported: 1,
      skipped: 1,
      problems: [{ row: 2, message: expect.stringContaining('creditCode') }],
    });
    const json = await h.call(
      qualification.importDirectory,
      { entries: [{ name: '丙公司', region: '南京市' }, { region: 'x' }] },
      admin,
    );
    expect(json).toMatchObject({ imported: 1, skipped: 1 });
    expect((await h.refusal(qualification.importDirectory, { csv: 'company\nx' }, admin)).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await h.refusal(qualification.importDirectory, { entries: [{ name: 'x' }] }, operator)).code).toBe(
      'FORBIDDEN',
    );
  });

  it('looks a provider up by its full name only', async () => {
    const provider = as('provider');
    expect(await h.call(qualification.lookupDirectory, { name: '江苏名录, 数字科技有限公司' }, provider)).toMatchObject(
      { inDirectory: true },
    );
    expect(await h.call(qualification.lookupDirectory, { name: '江苏名录' }, provider)).toMatchObject({
      inDirectory: false,
    });
  });
});

describe('QUA-3 provider certification: operator, then approver', () => {
  it('refuses a provider that is not in the directory', async () => {
    const provider = as('provider');
    const err = await h.refusal(
      qualification.submitProviderCertification,
      aProviderCertification(h, provider, '不在名录的公司'),
      provider,
    );
    expect(err.code).toBe('NOT_IN_DIRECTORY');
  });

  it('certifies a listed provider through both steps and announces it once', async () => {
    const before = await h.eventCount(qualificationEvents.providerCertified);
    const provider = as('provider');
    const { id } = await h.call(
      qualification.submitProviderCertification,
      aProviderCertification(h, provider, '南京名录服务商有限公司'),
      provider,
    );
    expect((await h.refusal(qualification.approve, { id }, approver)).code).toBe('INVALID_STATE');
    expect((await h.refusal(qualification.approve, { id }, officer)).code).toBe('NOT_FOUND');
    expect(await h.call(qualification.approve, { id }, operator)).toEqual({ id, state: 'operator_approved' });
    expect(await h.eventCount(qualificationEvents.providerCertified)).toBe(before);
    const queue = await h.call(qualification.reviewQueue, { page: 1, pageSize: 50 }, approver);
    expect(queue.items.map((i) => i.id)).toContain(id);
    expect(await h.call(qualification.approve, { id }, approver)).toEqual({ id, state: 'certified' });
    expect(await h.eventCount(qualificationEvents.providerCertified)).toBe(before + 1);
  });

  it('lets the approver reject after the operator approved, and the provider resubmit', async () => {
    const provider = as('provider');
    const body = aProviderCertification(h, provider, '江苏名录, 数字科技有限公司');
    const { id } = await h.call(qualification.submitProviderCertification, body, provider);
    await h.call(qualification.approve, { id }, operator);
    expect(await h.call(qualification.reject, { id, reason: '承诺函未盖章' }, approver)).toEqual({
      id,
      state: 'rejected',
    });
    expect(await h.call(qualification.resubmitProviderCertification, { ...body, id }, provider)).toEqual({
      id,
      state: 'submitted',
    });
  });
});

describe('QUA-4 voucher qualification', () => {
  async function certified() {
    const enterprise = as('enterprise');
    await h.call(qualification.answerSurvey, { answers: SURVEY }, enterprise);
    const { id } = await h.call(
      qualification.submitEnterpriseCertification,
      anEnterpriseCertification(h, enterprise),
      enterprise,
    );
    await h.call(qualification.approve, { id }, officer);
    return enterprise;
  }

  it('is refused to an enterprise that is not certified', async () => {
    const enterprise = as('enterprise');
    const err = await h.refusal(
      qualification.submitVoucherQualification,
      aVoucherQualification(h, enterprise),
      enterprise,
    );
    expect(err).toMatchObject({ code: 'NOT_QUALIFIED', details: { rules: ['certification'] } });
  });

  it('is approved by the district officer and then updated without a new review', async () => {
    const before = await h.eventCount(qualificationEvents.voucherQualificationApproved);
    const enterprise = await certified();
    const body = aVoucherQualification(h, enterprise);
    const { id } = await h.call(qualification.submitVoucherQualification, body, enterprise);
    expect(
      (await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, officer)).qualified,
    ).toBe(false);
    await h.call(qualification.approve, { id }, officer);
    expect(await h.eventCount(qualificationEvents.voucherQualificationApproved)).toBe(before + 1);
    expect(await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, officer)).toMatchObject({
      certified: true,
      qualified: true,
      complete: true,
      missingFields: [],
      district: '玄武区',
      size: 'small',
    });
    const updated = await h.call(qualification.updateVoucherQualification, { ...body, id, employees: 30 }, enterprise);
    expect(updated).toEqual({ id, state: 'approved' });
    expect(await h.eventCount(qualificationEvents.voucherQualificationUpdated)).toBeGreaterThanOrEqual(1);
    expect(
      (await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2027 }, officer)).qualified,
    ).toBe(false);
  });

  it('asks for fields the programme newly requires before the enterprise counts as complete', async () => {
    const enterprise = await certified();
    const body = aVoucherQualification(h, enterprise);
    const { id } = await h.call(qualification.submitVoucherQualification, body, enterprise);
    await h.call(qualification.approve, { id }, officer);
    await h.call(
      qualification.putSettings,
      {
        ...defaultSettings,
        voucherRequiredFields: [...defaultSettings.voucherRequiredFields, 'socialSecurityHeadcount'],
      },
      admin,
    );
    try {
      expect(
        await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, officer),
      ).toMatchObject({
        qualified: true,
        complete: false,
        missingFields: ['socialSecurityHeadcount'],
      });
      await h.call(qualification.updateVoucherQualification, { ...body, id, socialSecurityHeadcount: 11 }, enterprise);
      expect(
        (await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, officer)).complete,
      ).toBe(true);
    } finally {
      await h.call(qualification.putSettings, defaultSettings, admin);
    }
  });

  it('refuses a second application for the same year while one is under review', async () => {
    const enterprise = await certified();
    await h.call(qualification.submitVoucherQualification, aVoucherQualification(h, enterprise), enterprise);
    const err = await h.refusal(
      qualification.submitVoucherQualification,
      aVoucherQualification(h, enterprise),
      enterprise,
    );
    expect(err).toMatchObject({ code: 'INVALID_STATE', details: { state: 'submitted' } });
  });

  it("lets an administrator revoke a year's qualification once, leaving the certification in force", async () => {
    const enterprise = await certified();
    const { id } = await h.call(
      qualification.submitVoucherQualification,
      aVoucherQualification(h, enterprise),
      enterprise,
    );
    await h.call(qualification.approve, { id }, officer);
    expect(await h.call(qualification.revoke, { id, reason: '材料不实' }, admin)).toEqual({ id, state: 'revoked' });
    expect(await h.call(qualification.status, { enterpriseId: enterprise.userId, year: 2026 }, officer)).toMatchObject({
      certified: true,
      qualified: false,
    });
    expect((await h.refusal(qualification.revoke, { id, reason: '再次' }, admin)).code).toBe('INVALID_STATE');
  });

  it("refuses attachments that are not the applicant's own", async () => {
    const enterprise = await certified();
    const stranger = as('enterprise');
    const body = aVoucherQualification(h, enterprise);
    const err = await h.refusal(
      qualification.submitVoucherQualification,
      {
        ...body,
        attachments: { ...body.attachments, commitmentLetter: h.upload(stranger.userId, 'commitment_letter') },
      },
      enterprise,
    );
    expect(err).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'attachments.commitmentLetter' }] },
    });
  });
});

describe('programme settings (DOMAIN §0b)', () => {
  it('are read and changed by an administrator only', async () => {
    expect((await h.call(qualification.getSettings, {}, admin)).city).toBe('南京市');
    expect((await h.refusal(qualification.putSettings, defaultSettings, officer)).code).toBe('FORBIDDEN');
  });

  it('refuse survey answers that do not fit the questions', async () => {
    const err = await h.refusal(qualification.answerSurvey, { answers: { companyType: '外星企业' } }, as('enterprise'));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.fields.map((f: { path: string }) => f.path)).toEqual(['answers.city', 'answers.companyType']);
  });
});
