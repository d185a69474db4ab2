import { qualificationEvents as qe, type DataOf } from '@voucher/contracts';
import type { Draft } from './templates.ts';

/**
 * Who learns a review result, and what they are told (issue 18 item 2:
 * certification and qualification approved or rejected, with the reason).
 * The applicant's account is the recipient: an enterprise's and a provider's
 * id is its user id (QUA-9), and a refusal names its applicant.
 */
export const reviewResults = {
  enterpriseCertified: (d: DataOf<typeof qe.enterpriseCertified>): Draft[] => [
    {
      userId: d.enterpriseId,
      template: 'enterprise_certification.approved',
      params: { companyName: d.companyName },
    },
  ],
  enterpriseRejected: (d: DataOf<typeof qe.enterpriseRejected>): Draft[] => [
    { userId: d.applicantId, template: 'enterprise_certification.rejected', params: { reason: d.reason } },
  ],
  providerCertified: (d: DataOf<typeof qe.providerCertified>): Draft[] => [
    {
      userId: d.providerId,
      template: 'provider_certification.approved',
      params: { companyName: d.companyName },
    },
  ],
  providerRejected: (d: DataOf<typeof qe.providerRejected>): Draft[] => [
    { userId: d.applicantId, template: 'provider_certification.rejected', params: { reason: d.reason } },
  ],
  voucherQualificationApproved: (d: DataOf<typeof qe.voucherQualificationApproved>): Draft[] => [
    {
      userId: d.enterpriseId,
      template: 'voucher_qualification.approved',
      params: { companyName: d.companyName, year: d.year },
    },
  ],
  voucherQualificationRejected: (d: DataOf<typeof qe.voucherQualificationRejected>): Draft[] => {
    // QUA-4 is per programme year: qualification always names it, so a refusal without one is a broken event
    if (d.year === null) throw new Error('a voucher qualification refusal names no programme year');
    return [
      {
        userId: d.applicantId,
        template: 'voucher_qualification.rejected',
        params: { year: d.year, reason: d.reason },
      },
    ];
  },
} as const;
