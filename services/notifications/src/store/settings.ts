import type { Kysely } from 'kysely';
import { notificationsSettingsSchema, type NotificationsSettings } from '@voucher/contracts';
import { programmeSettings } from '@voucher/db';
import { programmeWording } from '../domain/programme-wording.ts';
import type { ProgrammeWording } from '../domain/templates.ts';
import type { NotificationsDb } from './schema.ts';

/**
 * How long a replica writes messages in the wording it last read. Every
 * event's messages need it (a draw's 200 chunks among them), so it is read
 * from PostgreSQL at most once per this, per replica; a change applies at once
 * on the replica that made it and within this on the others.
 */
const WORDING_CACHE_MS = 5000;

/** A local demo's programme (§0b): the platform's own words throughout. */
const defaultNotificationsSettings: NotificationsSettings = { templateOverrides: [] };

export const settings = programmeSettings('notifications', notificationsSettingsSchema, defaultNotificationsSettings, {
  cacheMs: WORDING_CACHE_MS,
});

/** the wording made ready to fill, once per value read (the cache hands out the same value until it reads again) */
const prepared = new WeakMap<NotificationsSettings, ProgrammeWording>();

/** The programme's wording that messages are written in now. */
export async function currentWording(db: Kysely<NotificationsDb>): Promise<ProgrammeWording> {
  const value = await settings.read(db);
  let wording = prepared.get(value);
  if (!wording) prepared.set(value, (wording = programmeWording(value)));
  return wording;
}
