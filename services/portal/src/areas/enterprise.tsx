import { enterpriseRoles } from '../auth/guards.tsx';
import type { Area } from './area.ts';
import { lazyPage } from './lazy-page.tsx';

// each page's code arrives when it is first opened, so the first page stays small
const CampaignsPage = lazyPage(() => import('../pages/CampaignsPage.tsx'), 'CampaignsPage');
const WalletPage = lazyPage(() => import('../pages/WalletPage.tsx'), 'WalletPage');
const OrdersPage = lazyPage(() => import('../pages/OrdersPage.tsx'), 'OrdersPage');
const OrderPage = lazyPage(() => import('../pages/OrderPage.tsx'), 'OrderPage');
const CertificationPage = lazyPage(() => import('../pages/enterprise/CertificationPage.tsx'), 'CertificationPage');
const SurveyPage = lazyPage(() => import('../pages/enterprise/SurveyPage.tsx'), 'SurveyPage');
const QualificationPage = lazyPage(() => import('../pages/enterprise/QualificationPage.tsx'), 'QualificationPage');
const PinPage = lazyPage(() => import('../pages/enterprise/PinPage.tsx'), 'PinPage');
const ReservationsPage = lazyPage(() => import('../pages/enterprise/ReservationsPage.tsx'), 'ReservationsPage');

/** The enterprise portal (issue 10 §2). */
export const enterpriseArea: Area = {
  roles: enterpriseRoles,
  pages: [
    { path: 'campaigns', element: <CampaignsPage /> },
    { path: 'reservations', element: <ReservationsPage /> },
    { path: 'wallet', element: <WalletPage /> },
    { path: 'wallet/pin', element: <PinPage /> },
    { path: 'orders', element: <OrdersPage /> },
    { path: 'orders/:id', element: <OrderPage /> },
    { path: 'enterprise/certification', element: <CertificationPage /> },
    { path: 'enterprise/survey', element: <SurveyPage /> },
    { path: 'enterprise/qualification', element: <QualificationPage /> },
  ],
  // the everyday pages stay one click away; the member centre groups the rest as seed 003's 我的服务 does
  menu: [
    { label: 'campaigns', path: '/campaigns' },
    { label: 'wallet', path: '/wallet' },
    { label: 'orders', path: '/orders' },
    {
      label: 'memberCentre',
      children: [
        { label: 'reservationRecords', path: '/reservations' },
        { label: 'pinMaintenance', path: '/wallet/pin' },
        { label: 'certification', path: '/enterprise/certification' },
        { label: 'demandSurvey', path: '/enterprise/survey' },
        { label: 'voucherQualification', path: '/enterprise/qualification' },
      ],
    },
  ],
};
