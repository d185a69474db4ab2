import type { Insertable, Kysely, Selectable } from 'kysely';
import type { FilePurpose, FileType, FileView } from '@voucher/contracts';
import { recordAudit } from '@voucher/db';
import type { GatewayDb } from './schema.ts';

export type FileRow = Selectable<GatewayDb['files']>;
export type NewFileRow = Insertable<GatewayDb['files']>;

export function toFileView(row: FileRow): FileView {
  return {
    fileId: row.id,
    ownerId: row.owner_id,
    purpose: row.purpose as FilePurpose,
    type: row.type as FileType,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    originalName: row.original_name,
    createdAt: row.created_at.toISOString(),
  };
}

/** Upload metadata (ARCHITECTURE A8b: the gateway owns it). */
export function fileStore(db: Kysely<GatewayDb>) {
  return {
    /** The row and its audit line in one transaction (DOMAIN §0: who did what, when). */
    insert(row: NewFileRow, actor: { userId: string; role: string }): Promise<FileRow> {
      return db.transaction().execute(async (trx) => {
        const saved = await trx.insertInto('files').values(row).returningAll().executeTakeFirstOrThrow();
        await recordAudit(trx, { entity: 'file', entityId: saved.id, action: 'uploaded', actor });
        return saved;
      });
    },

    find(id: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The rows of the ids that exist, in the order asked; unknown ids are simply absent. */
    async findMany(ids: readonly string[]): Promise<FileRow[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('files')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },
  };
}
export type FileStore = ReturnType<typeof fileStore>;
