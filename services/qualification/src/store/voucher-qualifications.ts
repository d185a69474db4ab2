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
