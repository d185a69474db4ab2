import { settlementSettingsSchema, type SettlementSettings } from '@voucher/contracts';
import { programmeSettings } from '@voucher/db';

/** A local demo's programme (§0b): any bank; a general voucher worth 10,000 yuan (SET-5). */
const defaultSettlementSettings: SettlementSettings = { allowedBanks: [], generalVoucherValue: 1_000_000 };

export const settings = programmeSettings('settlement', settlementSettingsSchema, defaultSettlementSettings);
