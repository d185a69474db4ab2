import { providerRoles } from '../auth/guards.tsx';
import { ProviderOrdersPage } from '../pages/provider/ProviderOrdersPage.tsx';
import { ProviderProductsPage } from '../pages/provider/ProviderProductsPage.tsx';
import type { Area } from './area.ts';

/** The provider's workbench (issue 10 §3): its main account and its staff (the gateway enforces their menus, ID-8). */
export const providerArea: Area = {
  roles: providerRoles,
  pages: [
    { path: 'workbench/products', element: <ProviderProductsPage /> },
    { path: 'workbench/orders', element: <ProviderOrdersPage /> },
  ],
  menu: [
    { label: 'myProducts', path: '/workbench/products' },
    { label: 'providerOrders', path: '/workbench/orders' },
  ],
};
