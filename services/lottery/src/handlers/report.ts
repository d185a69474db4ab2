import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { AppError, lottery } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { toCsv } from '@voucher/kit';
import type { LotteryDeps } from './deps.ts';

/** LOT-10: what an administrator sees of a batch, and the list it exports. */
export function registerReportHandlers(bus: Bus, deps: LotteryDeps): void {
  bus.handle(lottery.report, async ({ id }, ctx) => {
    requireRole(ctx, 'approver');
    const batch = (
      await sql<{ campaign_id: string; state: 'scheduled' | 'drawn' | 'published' }>`
        SELECT campaign_id, state FROM batches WHERE id = ${id}`.execute(deps.db)
    ).rows[0];
    if (!batch) throw new AppError('NOT_FOUND', 'batch not found');
    const rows = (
      await sql<{ category: string; quota: number; reservations: number; eligible: number; winners: number }>`
        SELECT q.category_code AS category, q.quota,
               (SELECT count(*)::int FROM reservations r WHERE r.campaign_id = ${batch.campaign_id}
                  AND r.category_code = q.category_code AND r.state <> 'cancelled') AS reservations,
               coalesce(cardinality(be.ids), 0) AS eligible, coalesce(cardinality(be.winners), 0) AS winners
        FROM batch_quotas q LEFT JOIN batch_eligible be ON be.batch_id = q.batch_id AND be.category_code = q.category_code
        WHERE q.batch_id = ${id} ORDER BY q.category_code COLLATE "C"`.execute(deps.db)
    ).rows;
    return {
      batchId: id,
      campaignId: batch.campaign_id,
      state: batch.state,
      categories: rows.map((r) => ({
        ...r,
        fill: r.quota > 0 ? Math.round((r.winners / r.quota) * 10_000) / 10_000 : 0,
      })),
    };
  });

  bus.handle(lottery.reportExport, async ({ id }, ctx) => {
    requireRole(ctx, 'approver');
    const exists = await sql`SELECT 1 FROM batches WHERE id = ${id}`.execute(deps.db);
    if (exists.rows.length === 0) throw new AppError('NOT_FOUND', 'batch not found');
    const rows = (
      await sql<{
        category_code: string;
        reservation_id: string;
        enterprise_id: string;
        company_name: string | null;
        won: boolean;
      }>`
        SELECT be.category_code, x.id::text AS reservation_id, r.enterprise_id::text AS enterprise_id,
               e.company_name, x.id = ANY(be.winners) AS won
        FROM batch_eligible be CROSS JOIN unnest(be.ids) AS x(id)
        JOIN reservations r ON r.id = x.id LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
        WHERE be.batch_id = ${id}
        ORDER BY be.category_code COLLATE "C", (x.id = ANY(be.winners)) DESC, x.id::text COLLATE "C"`.execute(deps.db)
    ).rows;
    // company names are the enterprises' own words: toCsv keeps a formula-like one text (issue 16)
    const csv = toCsv([
      ['category', 'reservation_id', 'enterprise_id', 'company_name', 'result'],
      ...rows.map((r) => [
        r.category_code,
        r.reservation_id,
        r.enterprise_id,
        r.company_name ?? '',
        r.won ? 'won' : 'lost',
      ]),
    ]);
    const key = `report-${id}.csv`;
    const stored = await deps.storage.put(key, Readable.from([Buffer.from(csv)]));
    return { storageKey: key, size: stored.size };
  });
}
