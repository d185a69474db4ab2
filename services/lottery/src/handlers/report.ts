import { Readable } from 'node:stream';
import { AppError, lottery } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { toCsv } from '@voucher/kit';
import { quotaFill } from '../domain/batch-report.ts';
import { batchStore } from '../store/batches.ts';
import type { LotteryDeps } from './deps.ts';

/** LOT-10: what an administrator sees of a batch, and the list it exports. */
export function registerReportHandlers(bus: Bus, deps: LotteryDeps): void {
  bus.handle(lottery.report, async ({ id }, ctx) => {
    requireRole(ctx, 'approver');
    const report = await batchStore(deps.db).report(id);
    if (!report) throw new AppError('NOT_FOUND', 'batch not found');
    return {
      batchId: id,
      campaignId: report.campaign_id,
      state: report.state,
      categories: report.categories.map((r) => ({ ...r, fill: quotaFill(r.winners, r.quota) })),
    };
  });

  bus.handle(lottery.reportExport, async ({ id }, ctx) => {
    requireRole(ctx, 'approver');
    const batches = batchStore(deps.db);
    if ((await batches.stateOf(id)) === undefined) throw new AppError('NOT_FOUND', 'batch not found');
    const rows = await batches.reportLines(id);
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
