import type { Role } from '@voucher/contracts';
import type { AreaMenuEntry } from './area.ts';

// DOMAIN §1 and API.md's "who" column: each role sees only the part it may act on (admin stands in for all)
export const qualificationReviewers = [
  'district_officer',
  'operator',
  'approver',
  'admin',
] as const satisfies readonly Role[];
export const productReviewers = ['operator', 'expert', 'approver', 'admin'] as const satisfies readonly Role[];
export const settlementReviewers = ['approver', 'finance', 'admin'] as const satisfies readonly Role[];
export const generalVoucherReviewers = ['operator', 'admin'] as const satisfies readonly Role[];
export const voucherConfigurers = ['approver', 'admin'] as const satisfies readonly Role[];
export const statisticsReaders = [
  'approver',
  'finance',
  'district_officer',
  'admin',
] as const satisfies readonly Role[];
export const announcers = ['operator', 'admin'] as const satisfies readonly Role[];
export const passwordResetters = ['district_officer', 'admin'] as const satisfies readonly Role[];
export const administrators = ['admin'] as const satisfies readonly Role[];

/** The console's menu, grouped (审核, 服务券, 统计, 系统); the landing page lists the same entries with their counts. */
export const adminMenu: AreaMenuEntry[] = [
  { label: 'adminHome', path: '/admin' },
  {
    label: 'adminGroupReviews',
    children: [
      { label: 'adminQualificationReviews', path: '/admin/reviews/qualifications', roles: qualificationReviewers },
      { label: 'adminProductReviews', path: '/admin/reviews/products', roles: productReviewers },
      { label: 'adminSettlementReviews', path: '/admin/reviews/settlements', roles: settlementReviewers },
      { label: 'adminGeneralVoucherReviews', path: '/admin/reviews/general-vouchers', roles: generalVoucherReviewers },
    ],
  },
  {
    label: 'adminGroupVouchers',
    children: [
      { label: 'adminCategories', path: '/admin/categories', roles: voucherConfigurers },
      { label: 'adminCampaigns', path: '/admin/campaigns', roles: voucherConfigurers },
    ],
  },
  {
    label: 'adminGroupStatistics',
    children: [{ label: 'adminStatistics', path: '/admin/statistics', roles: statisticsReaders }],
  },
  {
    label: 'adminGroupSystem',
    children: [
      { label: 'adminAnnouncements', path: '/admin/announcements', roles: announcers },
      { label: 'adminUsers', path: '/admin/users', roles: passwordResetters },
      { label: 'adminJobs', path: '/admin/jobs', roles: administrators },
      { label: 'adminOperations', path: '/admin/operations', roles: administrators },
      { label: 'adminDeadLetters', path: '/admin/dead-letters', roles: administrators },
      { label: 'adminIntegrity', path: '/admin/wallet/integrity', roles: administrators },
      { label: 'adminGrants', path: '/admin/wallet/grants', roles: administrators },
      { label: 'adminSettings', path: '/admin/settings', roles: administrators },
    ],
  },
];
