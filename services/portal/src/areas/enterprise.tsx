import { enterpriseRoles } from '../auth/guards.tsx';
import { CampaignsPage } from '../pages/CampaignsPage.tsx';
import { OrderPage } from '../pages/OrderPage.tsx';
import { OrdersPage } from '../pages/OrdersPage.tsx';
import { WalletPage } from '../pages/WalletPage.tsx';
import type { Area } from './area.ts';

/** The enterprise portal (issue 10 §2). */
export const enterpriseArea: Area = {
  roles: enterpriseRoles,
  pages: [
    { path: 'campaigns', element: <CampaignsPage /> },
    { path: 'wallet', element: <WalletPage /> },
    { path: 'orders', element: <OrdersPage /> },
    { path: 'orders/:id', element: <OrderPage /> },
  ],
  menu: [
    { label: 'campaigns', path: '/campaigns' },
    { label: 'wallet', path: '/wallet' },
    { label: 'orders', path: '/orders' },
  ],
};
