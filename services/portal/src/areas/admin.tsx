import type { ComponentType } from 'react';
import { programmeRoles } from '../auth/guards.tsx';
import type { Area } from './area.ts';
import { lazyPage as lazyComponent } from './lazy-page.tsx';
import {
  adminMenu,
  administrators,
  announcers,
  generalVoucherReviewers,
  passwordResetters,
  productReviewers,
  qualificationReviewers,
  settlementReviewers,
  statisticsReaders,
  voucherConfigurers,
} from './admin-menu.ts';

/** A page whose code (and ECharts), and the console's words, load only when staff open it: visitors never download the console. */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazyComponent(load, name, { admin: true });
  return <Page />;
}

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
