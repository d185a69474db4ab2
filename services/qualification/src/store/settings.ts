import type { Kysely } from 'kysely';
import { qualificationSettingsSchema, type QualificationSettings } from '@voucher/contracts';
import { defaultSettings } from '../domain/default-settings.ts';
import type { QualificationDb } from './schema.ts';

const KEY = 'programme';

/** The programme's settings as stored, or the demo defaults until an administrator sets them (§0b). */
export async function readSettings(db: Kysely<QualificationDb>): Promise<QualificationSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return row ? qualificationSettingsSchema.parse(row.value) : defaultSettings;
}

export async function writeSettings(
  db: Kysely<QualificationDb>,
  value: QualificationSettings,
  by: string,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: KEY, value: JSON.stringify(value), updated_by: by })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_by: by, updated_at: new Date() }),
    )
    .execute();
}
