import type { Kysely } from 'kysely';
import { qualificationSettingsSchema, type QualificationSettings } from '@voucher/contracts';
import { programmeSettings } from '@voucher/db';
import { defaultSettings } from '../domain/default-settings.ts';

/** The qualification programme's settings (§0b, QUA-2/4/5): the demo defaults until an administrator sets them. */
export const settings = programmeSettings('qualification', qualificationSettingsSchema, defaultSettings);

export function readSettings(db: Kysely<any>): Promise<QualificationSettings> {
  return settings.read(db);
}
