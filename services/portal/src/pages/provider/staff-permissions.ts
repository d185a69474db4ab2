import type { StaffPermission } from '@voucher/contracts';
import type { MessageKey } from '../../i18n/messages.ts';

/** The menus a provider grants its staff (ID-8), named as the workbench's menu names them. */
export const permissionWords: Record<StaffPermission, MessageKey> = {
  products: 'myProducts',
  orders: 'providerOrders',
  settlement: 'voucherManagement',
  experts: 'expertManagement',
  customers: 'customerManagement',
  statistics: 'voucherStatistics',
};
