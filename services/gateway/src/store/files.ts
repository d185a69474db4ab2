import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { FilePurpose, FileType, FileView } from '@voucher/contracts';
import { recordAudit } from '@voucher/db';
import { quotaRefusal, type UploadQuota, type UploadUsage } from '../files/quota.ts';
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

async function usageOf(db: Kysely<GatewayDb>, ownerId: string): Promise<UploadUsage> {
  const { files, bytes } = await db
    .selectFrom('files')
    .select((eb) => [
      eb.fn.countAll<string>().as('files'),
      eb.fn.coalesce(eb.fn.sum<string>('size'), sql<string>`0`).as('bytes'),
    ])
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  return { files: Number(files), bytes: Number(bytes) };
}

/** Upload metadata (ARCHITECTURE A8b: the gateway owns it). */
export function fileStore(db: Kysely<GatewayDb>) {
  return {
    /** What the user has uploaded and kept. */
    usage(ownerId: string): Promise<UploadUsage> {
      return usageOf(db, ownerId);
    },

    /**
     * The row and its audit line in one transaction (DOMAIN §0: who did what,
     * when), if the owner stays within its quota: its uploads are counted
     * under a lock of the owner, so uploads at the same moment cannot pass it
     * together. Over the quota, the refusal is thrown and nothing is written.
     */
    insert(row: NewFileRow, actor: { userId: string; role: string }, quota: UploadQuota): Promise<FileRow> {
      return db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`gateway:uploads:${row.owner_id}`}))`.execute(trx);
        const refusal = quotaRefusal(await usageOf(trx, row.owner_id), quota, Number(row.size));
        if (refusal) throw refusal;
        const saved = await trx.insertInto('files').values(row).returningAll().executeTakeFirstOrThrow();
        await recordAudit(trx, { entity: 'file', entityId: saved.id, action: 'uploaded', actor });
        return saved;
      });
    },

    find(id: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /**
     * The rows of the ids that exist and may still be attached, in the order
     * asked; unknown and condemned ids are simply absent.
     */
    async findMany(ids: readonly string[]): Promise<FileRow[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('files')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .where('condemned_at', 'is', null)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },

    /** Uploads made before `before` that no check has found attached or condemned yet, oldest first. */
    unchecked(before: Date, limit: number): Promise<FileRow[]> {
      return db
        .selectFrom('files')
        .selectAll()
        .where('attached_at', 'is', null)
        .where('condemned_at', 'is', null)
        .where('created_at', '<', before)
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    /** Uploads condemned before `before`, oldest first. */
    condemned(before: Date, limit: number): Promise<FileRow[]> {
      return db
        .selectFrom('files')
        .selectAll()
        .where('condemned_at', '<', before)
        .orderBy('condemned_at')
        .limit(limit)
        .execute();
    },

    /** A record cites them: kept for good, offered for attaching again. */
    async markAttached(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('files')
        .set({ attached_at: sql`now()`, condemned_at: null })
        .where('id', 'in', [...ids])
        .execute();
    },

    /** No record cites them: no longer offered for attaching (describeFiles leaves them out). */
    async condemn(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('files')
        .set({ condemned_at: sql`now()` })
        .where('id', 'in', [...ids])
        .where('attached_at', 'is', null)
        .execute();
    },

    /** Deletes condemned rows with their audit lines; answers the rows deleted, whose blobs go next. */
    remove(ids: readonly string[], actor: { userId: string; role: string }): Promise<FileRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('files')
          .where('id', 'in', [...ids])
          .where('condemned_at', 'is not', null)
          .where('attached_at', 'is', null)
          .returningAll()
          .execute();
        for (const row of gone) {
          await recordAudit(trx, {
            entity: 'file',
            entityId: row.id,
            action: 'deleted',
            actor,
            reason: 'cited by no record',
          });
        }
        return gone;
      });
    },
  };
}
export type FileStore = ReturnType<typeof fileStore>;
