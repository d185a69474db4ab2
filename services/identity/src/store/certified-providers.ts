import type { Kysely } from 'kysely';
import type { IdentityDb } from './schema.ts';

/** QUA-9: whether a provider is certified, as qualification tells; only then may it add staff (ID-8). */
export async function recordProviderCertified(
  db: Kysely<IdentityDb>,
  providerId: string,
  certified: boolean,
): Promise<void> {
  await db
    .insertInto('certified_providers')
    .values({ provider_id: providerId, certified })
    .onConflict((oc) => oc.column('provider_id').doUpdateSet({ certified, updated_at: new Date() }))
    .execute();
}

export async function isProviderCertified(db: Kysely<IdentityDb>, providerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('certified_providers')
    .select('certified')
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  return row?.certified ?? false;
}
