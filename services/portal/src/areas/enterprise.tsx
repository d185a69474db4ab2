import { lazy } from 'react';
import { enterpriseRoles } from '../auth/guards.tsx';
import type { Area } from './area.ts';

// each page's code arrives when it is first opened, so the first page stays small
const CampaignsPage = lazy(() => import('../pages/CampaignsPage.tsx').then((m) => ({ default: m.CampaignsPage })));
const WalletPage = lazy(() => import('../pages/WalletPage.tsx').then((m) => ({ default: m.WalletPage })));
const OrdersPage = lazy(() => import('../pages/OrdersPage.tsx').then((m) => ({ default: m.OrdersPage })));
const OrderPage = lazy(() => import('../pages/OrderPage.tsx').then((m) => ({ default: m.OrderPage })));
const CertificationPage = lazy(() =>
  import('../pages/enterprise/CertificationPage.tsx').then((m) => ({ default: m.CertificationPage })),
);
const SurveyPage = lazy(() => import('../pages/enterprise/SurveyPage.tsx').then((m) => ({ default: m.SurveyPage })));
const QualificationPage = lazy(() =>
  import('../pages/enterprise/QualificationPage.tsx').then((m) => ({ default: m.QualificationPage })),
);
const PinPage = lazy(() => import('../pages/enterprise/PinPage.tsx').then((m) => ({ default: m.PinPage })));
const ReservationsPage = lazy(() =>
  import('../pages/enterprise/ReservationsPage.tsx').then((m) => ({ default: m.ReservationsPage })),
);

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
