import type { Kysely } from 'kysely';
import type { QualificationDb } from './schema.ts';

type Db = Kysely<QualificationDb>;

export function findVoucherQualification(db: Db, enterpriseId: string, year: number) {
  return db
    .selectFrom('voucher_qualifications')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** The state of the enterprise's qualification for the year, and the application that holds it. */
export function findVoucherQualificationHolder(db: Db, enterpriseId: string, year: number) {
  return db
    .selectFrom('voucher_qualifications')
    .select(['state', 'application_id'])
    .where('enterprise_id', '=', enterpriseId)
    .where('year', '=', year)
    .executeTakeFirst();
}

export async function upsertVoucherQualification(
  db: Db,
  v: { enterpriseId: string; year: number; data: Record<string, unknown>; applicationId: string },
): Promise<void> {
  const values = { state: 'approved', data: JSON.stringify(v.data) as never, application_id: v.applicationId };
  await db
    .insertInto('voucher_qualifications')
    .values({ enterprise_id: v.enterpriseId, year: v.year, approved_at: new Date(), ...values })
    .onConflict((oc) => oc.columns(['enterprise_id', 'year']).doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** Revokes the enterprise's qualification for the year if it is in force; answers the application that held it. */
export async function revokeVoucherQualification(
  db: Db,
  enterpriseId: string,
  year: number,
): Promise<string | undefined> {
  const held = await db
    .updateTable('voucher_qualifications')
    .set({ state: 'revoked', updated_at: new Date() })
    .where('enterprise_id', '=', enterpriseId)
    .where('year', '=', year)
    .where('state', '=', 'approved')
    .returning('application_id')
    .executeTakeFirst();
  return held?.application_id;
}
