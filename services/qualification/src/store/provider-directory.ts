import type { Kysely, Selectable } from 'kysely';
import type { QualificationDb } from './schema.ts';

type Db = Kysely<QualificationDb>;
type DirectoryRow = Selectable<QualificationDb['provider_directory']>;

/** QUA-3: the directory's entry of exactly this name, if any. */
export function findDirectoryEntry(db: Db, name: string): Promise<DirectoryRow | undefined> {
  return db.selectFrom('provider_directory').selectAll().where('name', '=', name).executeTakeFirst();
}

/** QUA-3: whether the directory holds an organisation of exactly this name. */
export async function inDirectory(db: Db, name: string): Promise<boolean> {
  const entry = await db.selectFrom('provider_directory').select('name').where('name', '=', name).executeTakeFirst();
  return entry !== undefined;
}

/** Adds the entries, a name already there taking the new credit code and region; 1000 to a statement. */
export async function upsertDirectoryEntries(
  db: Db,
  entries: { name: string; creditCode: string | null; region: string | null }[],
): Promise<void> {
  const values = entries.map((e) => ({ name: e.name, credit_code: e.creditCode, region: e.region }));
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insertInto('provider_directory')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({
          credit_code: eb.ref('excluded.credit_code'),
          region: eb.ref('excluded.region'),
          imported_at: new Date(),
        })),
      )
      .execute();
  }
}
