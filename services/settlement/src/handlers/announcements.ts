import { v7 as uuidv7 } from 'uuid';
import { AppError, announcementEvents, announcements } from '@voucher/contracts';
import { appendEvent, assertAttachments, requireRole, type Bus, type HandlerContext } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { announcedEvent, readableAt } from '../domain/announcements.ts';
import { announcementStore } from '../store/announcements.ts';
import type { SettlementDeps } from './deps.ts';

const notFound = () => new AppError('NOT_FOUND', 'announcement not found');

const editors = (ctx: HandlerContext) => requireRole(ctx, 'operator');

/** Programme notices: operators (and administrators) publish, everyone reads once their time has come. */
export function registerAnnouncements(bus: Bus, deps: SettlementDeps): void {
  const store = announcementStore(deps.db);
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
      await announcementStore(trx).insert({
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
    return (await store.find(id))!;
  });

  // issue 18 item 2, DOMAIN §9: the scheduler's job, every tick; idempotent, each announcement once
  bus.handle(announcements.announceDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const done: string[] = [];
    const failed: { id: string; error: string }[] = [];
    for (const id of await store.due()) {
      try {
        const announced = await deps.db.transaction().execute(async (trx) => {
          const due = await announcementStore(trx).markAnnounced(id);
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
    if (!(await store.find(id))) throw notFound();
    await attachments(ctx, body.attachmentFileIds);
    await deps.db.transaction().execute(async (trx) => {
      await announcementStore(trx).update(id, body);
      await recordAudit(trx, { entity: 'announcement', entityId: id, action: 'update', actor: caller });
    });
    return (await store.find(id))!;
  });

  bus.handle(announcements.withdraw, async ({ id }, ctx) => {
    const caller = editors(ctx);
    await deps.db.transaction().execute(async (trx) => {
      if (!(await announcementStore(trx).withdraw(id))) throw notFound();
      await recordAudit(trx, { entity: 'announcement', entityId: id, action: 'withdraw', actor: caller });
    });
    return (await store.find(id))!;
  });

  bus.handle(announcements.list, async ({ q, page, pageSize }) => ({
    ...(await store.pageOfPublished({ q, page, pageSize })),
    page,
    pageSize,
  }));

  bus.handle(announcements.get, async ({ id }) => {
    const announcement = await store.findPublished(id);
    if (!announcement) throw notFound();
    return announcement;
  });

  bus.handle(announcements.manage, async ({ page, pageSize }, ctx) => {
    editors(ctx);
    return { ...(await store.page(page, pageSize)), page, pageSize };
  });
}
