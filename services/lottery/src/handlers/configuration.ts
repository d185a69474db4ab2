import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import { AppError, lottery, lotteryEvents, validationFailed } from '@voucher/contracts';
import { appendEvent, type Bus, requireRole } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { commitmentOf } from '@voucher/draw';
import { programmeYear } from '@voucher/kit';
import { campaignProblems } from '../domain/campaign-rules.ts';
import { campaignViews, categories, toCategoryView, type CategoryRow } from '../store/views.ts';
import type { LotteryDeps } from './deps.ts';
import { withReservability } from './reservations.ts';

/** LOT-1 categories, LOT-2 campaigns, LOT-6 commitments and beacons. */
export function registerConfigurationHandlers(bus: Bus, deps: LotteryDeps): void {
  const { db } = deps;

  bus.handle(lottery.listCategories, async () => ({ items: (await categories(db)).map(toCategoryView) }));

  bus.handle(lottery.createCategory, async (body, ctx) => {
    const caller = requireRole(ctx, 'approver');
    return db.transaction().execute(async (trx) => {
      const row = (
        await sql<CategoryRow>`INSERT INTO categories (code, name, face_value, validity_days, valid_until, redemption_mode, annual_limit)
          VALUES (${body.code}, ${body.name}, ${body.faceValue}, ${body.validityDays ?? null}, ${body.validUntil ?? null},
                  ${body.redemptionMode}, ${body.annualLimit})
          ON CONFLICT (code) DO NOTHING
          RETURNING code, name, face_value, validity_days, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, redemption_mode, annual_limit`.execute(
          trx,
        )
      ).rows[0];
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
      const row = (
        await sql<CategoryRow>`UPDATE categories SET name = coalesce(${name ?? null}, name),
            annual_limit = coalesce(${annualLimit ?? null}::int, annual_limit), updated_at = now() WHERE code = ${code}
          RETURNING code, name, face_value, validity_days, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, redemption_mode, annual_limit`.execute(
          trx,
        )
      ).rows[0];
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
    await db.transaction().execute(async (trx) => {
      await sql`INSERT INTO campaigns (id, name, mode, year, opens_at, closes_at, created_by)
                VALUES (${id}, ${body.name}, ${body.mode}, ${year}, ${body.opensAt}, ${body.closesAt}, ${caller.userId})`.execute(
        trx,
      );
      for (const code of body.categories) {
        await sql`INSERT INTO campaign_categories (campaign_id, category_code, stock)
                  VALUES (${id}, ${code}, ${body.stock?.[code] ?? null})`.execute(trx);
        if (body.stock?.[code]) {
          await sql`INSERT INTO grab_slots (campaign_id, category_code, slot)
                    SELECT ${id}, ${code}, s FROM generate_series(1, ${body.stock[code]}::int) AS s`.execute(trx);
        }
      }
      for (const [i, b] of (body.batches ?? []).entries()) {
        // LOT-6 step 1: the seed stays secret until the draw; only its commitment is shown
        const seed = randomBytes(32).toString('hex');
        const batchId = uuidv7();
        await sql`INSERT INTO batches (id, campaign_id, seq, draw_at, publish_at, seed, commitment)
                  VALUES (${batchId}, ${id}, ${i + 1}, ${b.drawAt}, ${b.publishAt}, ${seed}, ${commitmentOf(seed)})`.execute(
          trx,
        );
        for (const [code, quota] of Object.entries(b.quotas)) {
          await sql`INSERT INTO batch_quotas (batch_id, category_code, quota) VALUES (${batchId}, ${code}, ${quota})`.execute(
            trx,
          );
        }
      }
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
    const row = (
      await sql<{ campaign_id: string; commitment: string; draw_at: Date; publish_at: Date }>`
        SELECT campaign_id, commitment, draw_at, publish_at FROM batches WHERE id = ${id}`.execute(db)
    ).rows[0];
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
      const r = await sql<{ campaign_id: string }>`UPDATE batches SET beacon = ${value}, beacon_source = ${source}
          WHERE id = ${id} AND state = 'scheduled' RETURNING campaign_id`.execute(trx);
      if (r.rows.length === 0) {
        const exists = await sql`SELECT state FROM batches WHERE id = ${id}`.execute(trx);
        if (exists.rows.length === 0) throw new AppError('NOT_FOUND', 'batch not found');
        throw new AppError('INVALID_STATE', 'the batch is already drawn', {
          state: (exists.rows[0] as { state: string }).state,
        });
      }
      await recordAudit(trx, {
        entity: 'batch',
        entityId: id,
        action: 'beacon_set',
        actor: caller,
        reason: `${source}: ${value}`,
      });
      return r.rows[0]!.campaign_id;
    });
    const [view] = await campaignViews(db, [updated]);
    return view!.batches.find((b) => b.id === id)!;
  });
}
