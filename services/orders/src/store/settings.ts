import { ordersSettingsSchema, type OrdersSettings } from '@voucher/contracts';
import { programmeSettings } from '@voucher/db';

/** A local demo's programme (§0b): seed 004's 30 days for the contract, seed 003's 7 days before auto-evaluation. */
const defaultOrdersSettings: OrdersSettings = { contractDeadlineDays: 30, autoEvaluationDays: 7 };

export const settings = programmeSettings('orders', ordersSettingsSchema, defaultOrdersSettings);
