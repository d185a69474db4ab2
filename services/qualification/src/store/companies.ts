import type { Kysely, Selectable } from 'kysely';
import type { QualificationDb } from './schema.ts';

type Db = Kysely<QualificationDb>;
export type CompanyRow = Selectable<QualificationDb['companies']>;

export function findCompany(db: Db, companyId: string): Promise<CompanyRow | undefined> {
  return db.selectFrom('companies').selectAll().where('company_id', '=', companyId).executeTakeFirst();
}

/** The account (if any) that holds this credit code certified, or pursues it in a live application. */
export async function creditCodeHolder(
  db: Db,
  kind: 'enterprise' | 'provider',
  creditCode: string,
): Promise<string | undefined> {
  const certified = await db
    .selectFrom('companies')
    .select('company_id')
    .where('kind', '=', kind)
    .where('credit_code', '=', creditCode)
    .where('state', '=', 'certified')
    .executeTakeFirst();
  if (certified) return certified.company_id;
  const live = await db
    .selectFrom('applications')
    .select('applicant_id')
    .where('kind', '=', `${kind}_certification`)
    .where('credit_code', '=', creditCode)
    .where('state', 'in', ['submitted', 'operator_approved'])
    .executeTakeFirst();
  return live?.applicant_id;
}

/**
 * QUA-9: the one record of a certified company's data; other services keep
 * only what qualification's events announce of it.
 */
export async function upsertCompany(
  db: Db,
  c: {
    companyId: string;
    kind: 'enterprise' | 'provider';
    companyName: string;
    creditCode: string;
    district: string | null;
    size: string | null;
    data: Record<string, unknown>;
    applicationId: string;
  },
): Promise<CompanyRow> {
  const values = {
    kind: c.kind,
    state: 'certified',
    company_name: c.companyName,
    credit_code: c.creditCode,
    district: c.district,
    size: c.size,
    data: JSON.stringify(c.data) as never,
    application_id: c.applicationId,
  };
  return db
    .insertInto('companies')
    .values({ company_id: c.companyId, certified_at: new Date(), ...values })
    .onConflict((oc) =>
      oc.column('company_id').doUpdateSet({ ...values, certified_at: new Date(), updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Revokes the company's certification if it is in force; answers the application that held it. */
export async function revokeCompany(
  db: Db,
  companyId: string,
  kind: 'enterprise' | 'provider',
): Promise<string | undefined> {
  const held = await db
    .updateTable('companies')
    .set({ state: 'revoked', updated_at: new Date() })
    .where('company_id', '=', companyId)
    .where('kind', '=', kind)
    .where('state', '=', 'certified')
    .returning('application_id')
    .executeTakeFirst();
  return held?.application_id;
}
