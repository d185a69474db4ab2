import type { Kysely } from 'kysely';
import type { QualificationDb } from './schema.ts';

type Db = Kysely<QualificationDb>;

/** An account as identity announced it; a later announcement of the same account wins. */
export async function rememberApplicant(db: Db, a: { userId: string; username: string; role: string }): Promise<void> {
  await db
    .insertInto('applicants')
    .values({ user_id: a.userId, username: a.username, role: a.role })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ username: a.username, role: a.role }))
    .execute();
}
