import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError, lottery, lotteryEvents, validationFailed } from '@voucher/contracts';
import { appendEvent, type Bus, requireRole } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { commitmentOf } from '@voucher/draw';
import { programmeYear } from '@voucher/kit';
import { campaignProblems } from '../domain/campaign-rules.ts';
import { batchStore } from '../store/batches.ts';
import { campaignStore } from '../store/campaigns.ts';
import { categoryStore } from '../store/categories.ts';
import { campaignViews, categories, toCategoryView } from '../store/views.ts';
import type { LotteryDeps } from './deps.ts';
import { withReservability } from './reservations.ts';

/** LOT-1 categories, LOT-2 campaigns, LOT-6 commitments and beacons. */
export function registerConfigurationHandlers(bus: Bus, deps: LotteryDeps): void {
  const { db } = deps;

  bus.handle(lottery.listCategories, async () => ({ items: (await categories(db)).map(toCategoryView) }));

  bus.handle(lottery.createCategory, async (body, ctx) => {
    const caller = requireRole(ctx, 'approver');
    return db.transaction().execute(async (trx) => {
      const row = await categoryStore(trx).create(body);
      if (!row) throw new AppError('DUPLICATE', `category ${body.code} exists`, { fields: ['code'] });
      const view = toCategoryView(row);
      await recordAudit(trx, { entity: 'category', entityId: body.code, action: 'created', actor: caller });
      await appendEvent(trx, lotteryEvents.categoryCreated, view, ctx);
      return view;
    });
  });

  bus.handle(lottery.updateCategory, async ({ code, name, annualLimit }, ctx) => {
    const caller = requireRole(ctx, 'approver');
    return db.transaction().execute(async (trx) => {
      const row = await categoryStore(trx).update(code, { name, annualLimit });
      if (!row) throw new AppError('NOT_FOUND', `no category ${code}`);
      const view = toCategoryView(row);
      await recordAudit(trx, { entity: 'category', entityId: code, action: 'updated', actor: caller });
      await appendEvent(trx, lotteryEvents.categoryUpdated, view, ctx);
      return view;
    });
  });

  bus.handle(lottery.createCampaign, async (body, ctx) => {
    const caller = requireRole(ctx, 'approver');
    const known = new Set((await categories(db)).map((c) => c.code));
    const problems = campaignProblems(body, known, new Date());
    if (problems.length > 0) throw validationFailed(problems);
    const id = uuidv7();
    const year = programmeYear(new Date(body.opensAt), deps.timeZone);
    // LOT-6 step 1: each batch's seed stays secret until the draw; only its commitment is shown
    const batches = (body.batches ?? []).map((b) => {
      const seed = randomBytes(32).toString('hex');
      return {
        id: uuidv7(),
        drawAt: b.drawAt,
        publishAt: b.publishAt,
        seed,
        commitment: commitmentOf(seed),
        quotas: b.quotas,
      };
    });
    await db.transaction().execute(async (trx) => {
      await campaignStore(trx).create({
        id,
        name: body.name,
        mode: body.mode,
        year,
        opensAt: body.opensAt,
        closesAt: body.closesAt,
        createdBy: caller.userId,
        categories: body.categories,
        stock: body.stock,
        batches,
      });
      await recordAudit(trx, {
        entity: 'campaign',
        entityId: id,
        action: 'created',
        actor: caller,
        toState: 'scheduled',
      });
    });
    return (await campaignViews(db, [id]))[0]!;
  });

  bus.handle(lottery.listCampaigns, async ({ state }, ctx) => {
    const views = (await campaignViews(db)).filter((c) => !state || c.state === state);
    return { items: await withReservability(deps, views, ctx.caller) };
  });

  bus.handle(lottery.getCampaign, async ({ id }, ctx) => {
    const [view] = await campaignViews(db, [id]);
    if (!view) throw new AppError('NOT_FOUND', 'campaign not found');
    return (await withReservability(deps, [view], ctx.caller))[0]!;
  });

  bus.handle(lottery.commitment, async ({ id }) => {
    const row = await batchStore(db).commitment(id);
    if (!row) throw new AppError('NOT_FOUND', 'batch not found');
    return {
      batchId: id,
      campaignId: row.campaign_id,
      commitment: row.commitment,
      drawAt: row.draw_at.toISOString(),
      publishAt: row.publish_at.toISOString(),
    };
  });

  // LOT-6 step 3: an outside value, fixed before the draw, that the platform could not know when it committed
  bus.handle(lottery.setBeacon, async ({ id, value, source }, ctx) => {
    const caller = requireRole(ctx, 'approver');
    const updated = await db.transaction().execute(async (trx) => {
      const batches = batchStore(trx);
      const campaignId = await batches.setBeacon(id, value, source);
      if (campaignId === undefined) {
        const state = await batches.stateOf(id);
        if (state === undefined) throw new AppError('NOT_FOUND', 'batch not found');
        throw new AppError('INVALID_STATE', 'the batch is already drawn', { state });
      }
      await recordAudit(trx, {
        entity: 'batch',
        entityId: id,
        action: 'beacon_set',
        actor: caller,
        reason: `${source}: ${value}`,
      });
      return campaignId;
    });
    const [view] = await campaignViews(db, [updated]);
    return view!.batches.find((b) => b.id === id)!;
  });
}
