import { settlementSettingsSchema, type SettlementSettings } from '@voucher/contracts';
import { programmeSettings } from '@voucher/db';

/** A local demo's programme (§0b): any bank. */
export const defaultSettlementSettings: SettlementSettings = { allowedBanks: [] };

export const settings = programmeSettings('settlement', settlementSettingsSchema, defaultSettlementSettings);
