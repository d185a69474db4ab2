import { Readable } from 'node:stream';
import { orderEvents, statistics, wallet, type Caller } from '@voucher/contracts';
import { requireRole, startConsumer, type Bus, type HandlerContext, type RunningConsumer } from '@voucher/bus';
import { spreadsheetCell, toCsv } from '@voucher/kit';
import { goodRate, mergeVoucherFigures } from '../domain/statistics.ts';
import { yuan } from '../domain/forms.ts';
import { loadExcel } from '../store/form-files.ts';
import { providerStore } from '../store/providers.ts';
import { statisticsStore } from '../store/statistics.ts';
import type { SettlementDeps } from './deps.ts';

const readers = ['admin', 'approver', 'finance', 'district_officer'] as const;

/** A district officer's statistics are its own district's (SET-6); the others see all. */
const districtOf = (caller: Caller): string | undefined =>
  caller.role === 'district_officer' ? (caller.district ?? '') : undefined;

type VoucherQuery = { groupBy: 'category' | 'district' | 'provider' | 'month'; from?: string; to?: string };

export function registerStatistics(bus: Bus, deps: SettlementDeps): void {
  const store = statisticsStore(deps.db);

  async function voucherRows(ctx: HandlerContext, q: VoucherQuery) {
    const caller = requireRole(ctx, ...readers);
    const district = districtOf(caller);
    const figures = await deps.bus.request(
      wallet.statistics,
      { ...q, ...(district !== undefined ? { district } : {}) },
      ctx,
    );
    const redeemed = await store.redeemed({ ...q, district });
    const names = q.groupBy === 'provider' ? await providerStore(deps.db).names() : new Map<string, string>();
    return mergeVoucherFigures(figures.rows, redeemed, (k) =>
      q.groupBy === 'provider' ? (names.get(k) ?? (k || '（未使用）')) : k || '（未知）',
    );
  }

  async function evaluationRows(ctx: HandlerContext, groupBy: 'provider' | 'product') {
    const caller = requireRole(ctx, ...readers);
    const district = districtOf(caller);
    const rows = await store.evaluations(groupBy, district);
    return rows.map((r) => ({ ...r, goodRate: goodRate(r.good, r.total) }));
  }

  bus.handle(statistics.vouchers, async (q, ctx) => ({ rows: await voucherRows(ctx, q) }));
  bus.handle(statistics.evaluations, async ({ groupBy }, ctx) => ({ rows: await evaluationRows(ctx, groupBy) }));

  bus.handle(statistics.export, async (q, ctx) => {
    const [columns, rows] =
      q.kind === 'vouchers'
        ? [
            [
              '分组',
              '发放张数',
              '发放金额（元）',
              '使用金额（元）',
              '兑付金额（元）',
              '作废金额（元）',
              '过期金额（元）',
              '收回金额（元）',
            ],
            (await voucherRows(ctx, q)).map((r) => [
              r.label,
              r.issuedCount,
              yuan(r.issued),
              yuan(r.used),
              yuan(r.redeemed),
              yuan(r.forfeited),
              yuan(r.expired),
              yuan(r.reclaimed),
            ]),
          ]
        : [
            [q.groupBy === 'provider' ? '服务商' : '产品', '评价数', '好评', '中评', '差评', '好评率（%）'],
            (await evaluationRows(ctx, q.groupBy)).map((r) => [r.label, r.total, r.good, r.neutral, r.bad, r.goodRate]),
          ];
    const name = `${q.kind === 'vouchers' ? '服务券统计' : '评价统计'}-${q.groupBy}`;
    let bytes: Buffer;
    // labels are providers' and products' own names: CSV and XLSX keep a formula-like one text (issue 16)
    if (q.format === 'csv') bytes = Buffer.from(toCsv([columns, ...rows]));
    else {
      const ExcelJS = await loadExcel();
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet(name);
      sheet.addRow(columns);
      // money stays a number in the workbook, so its sums add up there too
      for (const r of rows) {
        sheet.addRow(r.map((v, i) => (q.kind === 'vouchers' && i >= 2 ? Number(v) : spreadsheetCell(v))));
      }
      bytes = Buffer.from(await book.xlsx.writeBuffer());
    }
    const storageKey = `stats-${q.kind}-${q.groupBy}-${Date.now()}-${Math.random().toString(36).slice(2)}.${q.format}`;
    const stored = await deps.storage.put(storageKey, Readable.from([bytes]));
    return {
      storageKey,
      size: stored.size,
      filename: `${name}.${q.format}`,
      contentType:
        q.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  });
}

/** SET-6: the evaluations orders announce (ORD-7), kept for the statistics. */
export function startEvaluationProjection(bus: Bus, deps: SettlementDeps): Promise<RunningConsumer> {
  return startConsumer({
    bus,
    db: deps.db,
    name: 'settlement-evaluations',
    event: orderEvents.evaluated,
    handle: (e, trx) => statisticsStore(trx).recordEvaluation(e.data),
  });
}
