import type { Kysely, Selectable } from 'kysely';
import type { IdentityDb } from './schema.ts';

export type ExpertRow = Selectable<IdentityDb['experts']>;

export function toExpertView(e: ExpertRow) {
  return {
    id: e.id,
    providerId: e.provider_id,
    name: e.name,
    age: e.age,
    gender: e.gender as 'male' | 'female',
    fields: e.fields,
    yearsOfService: e.years_of_service,
    experience: e.experience,
    title: e.title,
    education: e.education,
    photoFileId: e.photo_file_id,
    introduction: e.introduction,
    createdAt: e.created_at.toISOString(),
  };
}

/**
 * ID-9: a provider's experts, each read, changed and removed only through its
 * own provider (DOMAIN §1: a provider sees only its own). Nothing else is
 * decided of an expert: its fields are the request's shape (`expertFields`),
 * its photo an upload of `fileRules.expert_photo`.
 */
export function expertStore(db: Kysely<IdentityDb>) {
  return {
    async page(providerId: string, page: number, pageSize: number) {
      const [items, total] = await Promise.all([
        db
          .selectFrom('experts')
          .selectAll()
          .where('provider_id', '=', providerId)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        db
          .selectFrom('experts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('provider_id', '=', providerId)
          .executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    insert(row: IdentityDb['experts'] extends infer T ? Omit<T, 'created_at' | 'updated_at'> : never) {
      return db.insertInto('experts').values(row).returningAll().executeTakeFirstOrThrow();
    },
    update(providerId: string, id: string, patch: Partial<Omit<ExpertRow, 'id' | 'provider_id' | 'created_at'>>) {
      return db
        .updateTable('experts')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .where('provider_id', '=', providerId)
        .returningAll()
        .executeTakeFirst();
    },
    /** Which of the uploads are an expert's photo. */
    async photosAmong(fileIds: readonly string[]): Promise<string[]> {
      const rows = await db
        .selectFrom('experts')
        .select('photo_file_id')
        .distinct()
        .where('photo_file_id', 'in', [...fileIds])
        .execute();
      return rows.flatMap((r) => (r.photo_file_id ? [r.photo_file_id] : []));
    },
    async remove(providerId: string, id: string): Promise<boolean> {
      const r = await db
        .deleteFrom('experts')
        .where('id', '=', id)
        .where('provider_id', '=', providerId)
        .executeTakeFirst();
      return r.numDeletedRows === 1n;
    },
  };
}
