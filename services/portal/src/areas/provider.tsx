import { providerRoles } from '../auth/guards.tsx';
import type { Area } from './area.ts';
import { lazyPage as page } from './lazy-page.tsx';

// loaded when first opened: the workbench's forms and tables stay out of the first page
const ProviderOrdersPage = page(() => import('../pages/provider/ProviderOrdersPage.tsx'), 'ProviderOrdersPage');
const ProviderProductsPage = page(() => import('../pages/provider/ProviderProductsPage.tsx'), 'ProviderProductsPage');
const ProductEditorPage = page(() => import('../pages/provider/ProductEditorPage.tsx'), 'ProductEditorPage');
const CertificationPage = page(() => import('../pages/provider/CertificationPage.tsx'), 'CertificationPage');
const StaffPage = page(() => import('../pages/provider/StaffPage.tsx'), 'StaffPage');
const ExpertsPage = page(() => import('../pages/provider/ExpertsPage.tsx'), 'ExpertsPage');
const CustomersPage = page(() => import('../pages/provider/CustomersPage.tsx'), 'CustomersPage');
const BankAccountsPage = page(() => import('../pages/provider/BankAccountsPage.tsx'), 'BankAccountsPage');
const SettlementPage = page(() => import('../pages/provider/SettlementPage.tsx'), 'SettlementPage');

const mainAccount = ['provider'] as const;

/**
 * The provider's workbench (issue 10 §3): its main account, and its staff
 * with the menus they were granted (ID-8; the gateway enforces the same).
 * Certification and the staff themselves are the main account's alone.
 */
export const providerArea: Area = {
  roles: providerRoles,
  pages: [
    { path: 'workbench/products', element: <ProviderProductsPage /> },
    { path: 'workbench/products/new', element: <ProductEditorPage /> },
    { path: 'workbench/products/:id/edit', element: <ProductEditorPage /> },
    { path: 'workbench/orders', element: <ProviderOrdersPage /> },
    { path: 'workbench/customers', element: <CustomersPage /> },
    { path: 'workbench/settlement', element: <SettlementPage /> },
    { path: 'workbench/bank-accounts', element: <BankAccountsPage /> },
    { path: 'workbench/experts', element: <ExpertsPage /> },
    { path: 'workbench/staff', element: <StaffPage />, roles: mainAccount },
    { path: 'workbench/certification', element: <CertificationPage />, roles: mainAccount },
  ],
  menu: [
    { label: 'myProducts', path: '/workbench/products', permission: 'products' },
    { label: 'providerOrders', path: '/workbench/orders', permission: 'orders' },
    { label: 'customerManagement', path: '/workbench/customers', permission: 'customers' },
    {
      label: 'voucherManagement',
      permission: 'settlement',
      children: [
        { label: 'voucherRedemption', path: '/workbench/settlement' },
        { label: 'bankAccounts', path: '/workbench/bank-accounts' },
      ],
    },
    {
      label: 'myCompany',
      children: [
        { label: 'providerCertification', path: '/workbench/certification', roles: mainAccount },
        { label: 'staffManagement', path: '/workbench/staff', roles: mainAccount },
        { label: 'expertManagement', path: '/workbench/experts', permission: 'experts' },
      ],
    },
  ],
};
