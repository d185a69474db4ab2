import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, announcementEvents, announcements } from '@voucher/contracts';
import { appendEvent, assertAttachments, requireRole, type Bus, type HandlerContext } from '@voucher/bus';
import { recordAudit, containing } from '@voucher/db';
import { announcedEvent, readableAt } from '../domain/announcements.ts';
import { dueAnnouncements, insertAnnouncement, markAnnounced } from '../store/announcements.ts';
import type { SettlementDeps } from './deps.ts';

interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  attachment_file_ids: string[];
  publish_at: Date;
  withdrawn: boolean;
  created_at: Date;
}
const toView = (r: AnnouncementRow) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  attachmentFileIds: r.attachment_file_ids,
  publishAt: r.publish_at.toISOString(),
  withdrawn: r.withdrawn,
  createdAt: r.created_at.toISOString(),
});
const publicView = (r: AnnouncementRow) => {
  const { withdrawn: _hidden, ...rest } = toView(r);
  return rest;
};
const notFound = () => new AppError('NOT_FOUND', 'announcement not found');

const editors = (ctx: HandlerContext) => requireRole(ctx, 'operator');

/** Programme notices: operators (and administrators) publish, everyone reads once their time has come. */
export function registerAnnouncements(bus: Bus, deps: SettlementDeps): void {
  const find = async (id: string) =>
    (await sql<AnnouncementRow>`SELECT * FROM announcements WHERE id = ${id}`.execute(deps.db)).rows[0];
  const attachments = (ctx: HandlerContext, ids: string[]) =>
    assertAttachments(
      deps.bus,
      ctx,
      [ctx.caller!.userId],
      ids.map((fileId, i) => ({ field: `attachmentFileIds.${i}`, fileId, purposes: ['announcement_attachment'] })),
    );

  bus.handle(announcements.publish, async (body, ctx) => {
    const caller = editors(ctx);
    await attachments(ctx, body.attachmentFileIds);
    const id = uuidv7();
    const now = new Date();
    const publishAt = body.publishAt ? new Date(body.publishAt) : now;
    // issue 18 item 2: readable now, so announced now; a later one by the scheduler's job at its time
    const announceNow = readableAt(publishAt, now);
    await deps.db.transaction().execute(async (trx) => {
      await insertAnnouncement(trx, {
        id,
        title: body.title,
        body: body.body,
        attachmentFileIds: body.attachmentFileIds,
        publishAt,
        createdBy: caller.userId,
        announcedAt: announceNow ? now : null,
      });
      await recordAudit(trx, { entity: 'announcement', entityId: id, action: 'publish', actor: caller });
      if (announceNow) {
        await appendEvent(
          trx,
          announcementEvents.published,
          announcedEvent({ id, title: body.title, publishAt }, now),
          ctx,
        );
      }
    });
    return toView((await find(id))!);
  });

  // issue 18 item 2, DOMAIN §9: the scheduler's job, every tick; idempotent, each announcement once
  bus.handle(announcements.announceDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const done: string[] = [];
    const failed: { id: string; error: string }[] = [];
    for (const id of await dueAnnouncements(deps.db)) {
      try {
        const announced = await deps.db.transaction().execute(async (trx) => {
          const due = await markAnnounced(trx, id);
          if (due) {
            await appendEvent(trx, announcementEvents.published, announcedEvent(due, new Date()), ctx);
          }
          return due !== undefined;
        });
        // not due any more: another run announced it, or it was withdrawn or moved meanwhile
        if (announced) done.push(id);
      } catch (err) {
        ctx.log.error({ err, announcementId: id }, 'announcing failed');
        failed.push({ id, error: err instanceof AppError ? err.code : 'INTERNAL' });
      }
    }
    return { done, failed };
  });

  bus.handle(announcements.update, async ({ id, ...body }, ctx) => {
    const caller = editors(ctx);
    if (!(await find(id))) throw notFound();
    await attachments(ctx, body.attachmentFileIds);
    await deps.db.transaction().execute(async (trx) => {
      await sql`UPDATE announcements SET title = ${body.title}, body = ${body.body},
                  attachment_file_ids = ${body.attachmentFileIds}::uuid[],
                  publish_at = COALESCE(${body.publishAt ?? null}::timestamptz, publish_at), updated_at = now()
                WHERE id = ${id}`.execute(trx);
      await recordAudit(trx, { entity: 'announcement', entityId: id, action: 'update', actor: caller });
    });
    return toView((await find(id))!);
  });

  bus.handle(announcements.withdraw, async ({ id }, ctx) => {
    const caller = editors(ctx);
    await deps.db.transaction().execute(async (trx) => {
      const r = await sql`UPDATE announcements SET withdrawn = true, updated_at = now() WHERE id = ${id}`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) === 0) throw notFound();
      await recordAudit(trx, { entity: 'announcement', entityId: id, action: 'withdraw', actor: caller });
    });
    return toView((await find(id))!);
  });

  bus.handle(announcements.list, async ({ q, page, pageSize }) => {
    const filter = sql.join(
      [
        sql`NOT withdrawn AND publish_at <= now()`,
        ...(q ? [sql`(title ILIKE ${containing(q)} OR body ILIKE ${containing(q)})`] : []),
      ],
      sql` AND `,
    );
    const [rows, total] = await Promise.all([
      sql<AnnouncementRow>`SELECT * FROM announcements WHERE ${filter} ORDER BY publish_at DESC, id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(deps.db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM announcements WHERE ${filter}`.execute(deps.db),
    ]);
    return { items: rows.rows.map(publicView), total: total.rows[0]!.n, page, pageSize };
  });

  bus.handle(announcements.get, async ({ id }) => {
    const row = await find(id);
    // scheduled or withdrawn notices are not there for readers
    if (!row || row.withdrawn || row.publish_at > new Date()) throw notFound();
    return publicView(row);
  });

  bus.handle(announcements.manage, async ({ page, pageSize }, ctx) => {
    editors(ctx);
    const [rows, total] = await Promise.all([
      sql<AnnouncementRow>`SELECT * FROM announcements ORDER BY created_at DESC, id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(deps.db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM announcements`.execute(deps.db),
    ]);
    return { items: rows.rows.map(toView), total: total.rows[0]!.n, page, pageSize };
  });
}
