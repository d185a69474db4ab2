import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem } from '../src/domain/credit-code.ts';
import {
  decideReview,
  kindsReviewedBy,
  pendingStatesFor,
  canWithdraw,
  canResubmit,
  canRevoke,
} from '../src/domain/review-chain.ts';
import { eligibilityBreaches } from '../src/domain/eligibility.ts';
import { surveyAnswerProblems, surveyComplete } from '../src/domain/survey.ts';
import { fieldsNeedingReview, missingRequiredFields, voucherFieldsNeedingReview } from '../src/domain/changes.ts';
import { parseCsv } from '../src/domain/directory-csv.ts';
import { defaultSettings } from '../src/domain/default-settings.ts';

describe('QUA-1 unified social credit code (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '914403001922038216', '9144030071526726XG', '91110000802100433B'])(
    'accepts the real code %s',
    (code) => expect(creditCodeProblem(code)).toBeNull(),
  );

  it('refuses a wrong check character', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check_character');
  });

  it.each([
    ['91350100M000100Y4', 'length'],
    ['91350100M000100YI3', 'alphabet'],
    ['91350100m000100Y43', 'alphabet'],
    ['91350100M0001O0Y43', 'alphabet'],
  ])('refuses %s (%s)', (code, problem) => expect(creditCodeProblem(code)).toBe(problem));

  it('maps a remainder of 0 to the check character 0', () => {
    // find a 17-character body whose weighted sum is a multiple of 31
    const body = '00000000000000000';
    expect(creditCodeCheckCharacter(body)).toBe('0');
  });
});

describe('review chains (DOMAIN §3)', () => {
  it('lets the district officer certify an enterprise in one step', () => {
    expect(decideReview('enterprise_certification', 'submitted', 'approve', 'district_officer')).toEqual({
      ok: true,
      to: 'certified',
      final: true,
    });
  });

  it('takes a provider through operator then approver', () => {
    expect(decideReview('provider_certification', 'submitted', 'approve', 'operator')).toEqual({
      ok: true,
      to: 'operator_approved',
      final: false,
    });
    expect(decideReview('provider_certification', 'operator_approved', 'approve', 'approver')).toEqual({
      ok: true,
      to: 'certified',
      final: true,
    });
  });

  it('does not let the approver skip the operator, nor the operator do the final step', () => {
    expect(decideReview('provider_certification', 'submitted', 'approve', 'approver')).toEqual({
      ok: false,
      refusal: 'INVALID_STATE',
    });
    expect(decideReview('provider_certification', 'operator_approved', 'approve', 'operator')).toEqual({
      ok: false,
      refusal: 'INVALID_STATE',
    });
  });

  it('refuses roles outside a chain', () => {
    expect(decideReview('enterprise_certification', 'submitted', 'approve', 'operator')).toEqual({
      ok: false,
      refusal: 'FORBIDDEN',
    });
    expect(decideReview('voucher_qualification', 'submitted', 'approve', 'finance')).toEqual({
      ok: false,
      refusal: 'FORBIDDEN',
    });
    expect(decideReview('provider_certification', 'submitted', 'approve', 'district_officer')).toEqual({
      ok: false,
      refusal: 'FORBIDDEN',
    });
  });

  it('lets an administrator act at any step', () => {
    expect(decideReview('provider_certification', 'submitted', 'approve', 'admin')).toMatchObject({
      ok: true,
      to: 'operator_approved',
    });
    expect(decideReview('provider_certification', 'operator_approved', 'reject', 'admin')).toMatchObject({
      ok: true,
      to: 'rejected',
    });
  });

  it.each(['certified', 'approved', 'rejected', 'withdrawn', 'revoked'] as const)(
    'refuses to decide a %s application again',
    (state) => {
      expect(decideReview('enterprise_certification', state, 'approve', 'district_officer')).toEqual({
        ok: false,
        refusal: 'INVALID_STATE',
      });
    },
  );

  it('rejects at either provider step', () => {
    expect(decideReview('provider_certification', 'submitted', 'reject', 'operator')).toMatchObject({ to: 'rejected' });
    expect(decideReview('provider_certification', 'operator_approved', 'reject', 'approver')).toMatchObject({
      to: 'rejected',
    });
  });

  it('gives each reviewer its queue', () => {
    expect(kindsReviewedBy('district_officer')).toEqual(['enterprise_certification', 'voucher_qualification']);
    expect(kindsReviewedBy('operator')).toEqual(['provider_certification']);
    expect(pendingStatesFor('provider_certification', 'approver')).toEqual(['operator_approved']);
    expect(pendingStatesFor('provider_certification', 'admin')).toEqual(['submitted', 'operator_approved']);
    expect(kindsReviewedBy('finance')).toEqual([]);
  });

  it('withdraws only undecided, resubmits only rejected or withdrawn, revokes only granted', () => {
    expect(['submitted', 'operator_approved'].every((s) => canWithdraw(s as never))).toBe(true);
    expect(canWithdraw('certified')).toBe(false);
    expect(canResubmit('rejected') && canResubmit('withdrawn')).toBe(true);
    expect(canResubmit('submitted')).toBe(false);
    expect(canRevoke('approved') && canRevoke('certified')).toBe(true);
    expect(canRevoke('rejected')).toBe(false);
  });
});

describe('QUA-5 eligibility', () => {
  it('passes a small enterprise of a programme district', () => {
    expect(eligibilityBreaches(defaultSettings, { size: 'small', district: '玄武区' })).toEqual([]);
  });
  it('names the size and district rules it breaks', () => {
    expect(eligibilityBreaches(defaultSettings, { size: 'large', district: '浦东新区' })).toEqual(['size', 'district']);
  });
  it('ignores districts when the programme does not restrict them', () => {
    const open = { ...defaultSettings, eligibility: { ...defaultSettings.eligibility, districtInCity: false } };
    expect(eligibilityBreaches(open, { size: 'micro', district: '任何区' })).toEqual([]);
  });
});

describe('QUA-2 demand survey', () => {
  const qs = defaultSettings.surveyQuestions;
  it('accepts complete, valid answers', () => {
    expect(surveyAnswerProblems(qs, { city: '南京市', companyType: '私营企业', needs: ['诊断咨询'] })).toEqual([]);
  });
  it('names missing required answers, choices outside the options and unknown questions', () => {
    expect(surveyAnswerProblems(qs, { companyType: '外星企业', needs: ['买房'], extra: 'x' })).toEqual([
      { path: 'answers.extra', message: 'not a question of this survey' },
      { path: 'answers.city', message: 'required' },
      { path: 'answers.companyType', message: expect.stringContaining('one of') },
      { path: 'answers.needs', message: expect.stringContaining('a list among') },
    ]);
  });
  it('counts a survey answered once its required questions are', () => {
    expect(surveyComplete(qs, null)).toBe(false);
    expect(surveyComplete(qs, { city: '南京市', companyType: '国有企业' })).toBe(true);
  });
});

describe('QUA-6 and QUA-4 changes', () => {
  const current = {
    companyName: '南京某某科技有限公司',
    creditCode: 'A',
    contactName: '李四',
    contactPhone: '1',
    employees: 10,
  };
  it('lets other fields change without review', () => {
    expect(fieldsNeedingReview(current, { ...current, employees: 12 })).toEqual([]);
  });
  it('sends a new name, credit code or contact to review', () => {
    expect(fieldsNeedingReview(current, { ...current, companyName: '新名称', contactName: '王五' })).toEqual([
      'companyName',
      'contactName',
    ]);
  });
  it('sends a new district or size to review: QUA-5 judges them and the district names the reviewing officer', () => {
    const located = { ...current, district: '玄武区', size: 'small' };
    expect(fieldsNeedingReview(located, { ...located, district: '秦淮区', size: 'medium' })).toEqual([
      'district',
      'size',
    ]);
  });
  it('updates an approved voucher qualification without review, except a new district (QUA-4)', () => {
    const vq = { district: '玄武区', employees: 10, mainBusiness: '软件' };
    expect(voucherFieldsNeedingReview(vq, { ...vq, employees: 30, mainBusiness: '硬件' })).toEqual([]);
    expect(voucherFieldsNeedingReview(vq, { ...vq, district: '秦淮区' })).toEqual(['district']);
  });
  it('lists required fields a qualification lacks', () => {
    expect(
      missingRequiredFields(['district', 'rdSpend', 'qualifications'], {
        district: '玄武区',
        rdSpend: null,
        qualifications: [],
      }),
    ).toEqual(['rdSpend', 'qualifications']);
  });
});

describe('QUA-3 directory CSV', () => {
  it('reads a header in any order, quotes, commas, doubled quotes, CRLF and a BOM', () => {
    const t = parseCsv(
      '\uFEFFregion,name,creditCode\r\n南京市,"南京某某, 科技有限公司",91350100M000100Y43\r\n,"说 ""好"" 的公司",\r\n\r\n',
    );
    expect(t.header).toEqual(['region', 'name', 'creditCode']);
    expect(t.rows).toEqual([
      { line: 2, cells: { region: '南京市', name: '南京某某, 科技有限公司', creditCode: '91350100M000100Y43' } },
      { line: 3, cells: { region: '', name: '说 "好" 的公司', creditCode: '' } },
    ]);
  });
  it('keeps a line break inside quotes in one field', () => {
    expect(parseCsv('name\n"a\nb"\nc').rows.map((r) => r.cells.name)).toEqual(['a\nb', 'c']);
  });
});
