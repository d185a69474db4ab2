import { lazy, type ComponentType } from 'react';
import type { Role } from '@voucher/contracts';
import { programmeRoles } from '../auth/guards.tsx';
import type { Area, AreaMenuEntry } from './area.ts';

/** A page whose code (and ECharts) loads only when staff open it: visitors never download the console. */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazy<ComponentType>(() => load().then((module) => ({ default: module[name] })));
  return <Page />;
}

// DOMAIN §1 and API.md's "who" column: each role sees only the part it may act on (admin stands in for all)
const qualificationReviewers = ['district_officer', 'operator', 'approver', 'admin'] as const satisfies readonly Role[];
const productReviewers = ['operator', 'expert', 'approver', 'admin'] as const satisfies readonly Role[];
const settlementReviewers = ['approver', 'finance', 'admin'] as const satisfies readonly Role[];
const generalVoucherReviewers = ['operator', 'admin'] as const satisfies readonly Role[];
const voucherConfigurers = ['approver', 'admin'] as const satisfies readonly Role[];
const statisticsReaders = ['approver', 'finance', 'district_officer', 'admin'] as const satisfies readonly Role[];
const announcers = ['operator', 'admin'] as const satisfies readonly Role[];
const passwordResetters = ['district_officer', 'admin'] as const satisfies readonly Role[];
const administrators = ['admin'] as const satisfies readonly Role[];

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

/** The admin console (issue 10 §4): each reviewer role sees its part. */
export const adminArea: Area = {
  roles: programmeRoles,
  pages: [
    { path: 'admin', element: lazyPage(() => import('../pages/admin/AdminHomePage.tsx'), 'AdminHomePage') },
    {
      path: 'admin/reviews/qualifications',
      roles: qualificationReviewers,
      element: lazyPage(() => import('../pages/admin/QualificationReviewsPage.tsx'), 'QualificationReviewsPage'),
    },
    {
      path: 'admin/reviews/products',
      roles: productReviewers,
      element: lazyPage(() => import('../pages/admin/ProductReviewsPage.tsx'), 'ProductReviewsPage'),
    },
    {
      path: 'admin/reviews/settlements',
      roles: settlementReviewers,
      element: lazyPage(() => import('../pages/admin/SettlementReviewsPage.tsx'), 'SettlementReviewsPage'),
    },
    {
      path: 'admin/reviews/general-vouchers',
      roles: generalVoucherReviewers,
      element: lazyPage(() => import('../pages/admin/GeneralVoucherReviewsPage.tsx'), 'GeneralVoucherReviewsPage'),
    },
    {
      path: 'admin/categories',
      roles: voucherConfigurers,
      element: lazyPage(() => import('../pages/admin/CategoriesPage.tsx'), 'CategoriesPage'),
    },
    {
      path: 'admin/campaigns',
      roles: voucherConfigurers,
      element: lazyPage(() => import('../pages/admin/CampaignsAdminPage.tsx'), 'CampaignsAdminPage'),
    },
    {
      path: 'admin/statistics',
      roles: statisticsReaders,
      element: lazyPage(() => import('../pages/admin/StatisticsPage.tsx'), 'StatisticsPage'),
    },
    {
      path: 'admin/announcements',
      roles: announcers,
      element: lazyPage(() => import('../pages/admin/AnnouncementsAdminPage.tsx'), 'AnnouncementsAdminPage'),
    },
    {
      path: 'admin/users',
      roles: passwordResetters,
      element: lazyPage(() => import('../pages/admin/UsersPage.tsx'), 'UsersPage'),
    },
    {
      path: 'admin/jobs',
      roles: administrators,
      element: lazyPage(() => import('../pages/admin/JobsPage.tsx'), 'JobsPage'),
    },
    {
      path: 'admin/operations',
      roles: administrators,
      element: lazyPage(() => import('../pages/admin/OperationsPage.tsx'), 'OperationsPage'),
    },
    {
      path: 'admin/dead-letters',
      roles: administrators,
      element: lazyPage(() => import('../pages/admin/DeadLettersPage.tsx'), 'DeadLettersPage'),
    },
    {
      path: 'admin/wallet/integrity',
      roles: administrators,
      element: lazyPage(() => import('../pages/admin/IntegrityPage.tsx'), 'IntegrityPage'),
    },
    {
      path: 'admin/wallet/grants',
      roles: administrators,
      element: lazyPage(() => import('../pages/admin/GrantPage.tsx'), 'GrantPage'),
    },
    {
      path: 'admin/settings',
      roles: administrators,
      element: lazyPage(() => import('../pages/admin/SettingsPage.tsx'), 'SettingsPage'),
    },
  ],
  menu: adminMenu,
};
