import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { orderEvents, settlement, statistics } from '@voucher/contracts';
import { approver, settlementHarness, type SettlementHarness } from './harness.ts';

/** What a provider may call itself: a formula a spreadsheet would run (OWASP "CSV injection"). */
const FORMULA_NAME = '=HYPERLINK("http://evil.example","点此领取")';
const FORMULA_PRODUCT = '@SUM(1+1)*cmd|" /C calc"!A0';

let h: SettlementHarness;
let applicationId: string;

beforeAll(async () => {
  h = await settlementHarness('setexports');
  const provider = await h.provider(FORMULA_NAME);
  const lines = await h.completedOrder(provider.caller, [120_000]);
  applicationId = (
    await h.call(
      settlement.apply,
      { paymentIds: lines, bankAccountId: provider.accountId, materials: h.materials(provider.caller) },
      provider.caller,
    )
  ).id;
  await h.announce(orderEvents.evaluated, {
    orderId: uuidv7(),
    productId: uuidv7(),
    providerId: provider.caller.userId,
    enterpriseId: uuidv7(),
    enterpriseName: '南京某某科技有限公司',
    district: '玄武区',
    productName: FORMULA_PRODUCT,
    providerName: FORMULA_NAME,
    rating: 'good',
    text: '好',
    auto: false,
    at: new Date().toISOString(),
  });
});
afterAll(() => h.close());

async function bytesOf(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of (await h.storage.get(key))!) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

async function sheetRows(key: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await bytesOf(key)) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('exports keep a formula-like name text, and numbers numbers (issue 16)', () => {
  it('the statistics as CSV: the provider and product names lead with a quote', async () => {
    await expect
      .poll(async () => (await h.call(statistics.evaluations, { groupBy: 'product' }, approver)).rows.length)
      .toBe(1);
    for (const [groupBy, name] of [
      ['provider', FORMULA_NAME],
      ['product', FORMULA_PRODUCT],
    ] as const) {
      const ref = await h.call(statistics.export, { kind: 'evaluations', groupBy, format: 'csv' }, approver);
      const lines = (await bytesOf(ref.storageKey)).toString('utf8').split('\n');
      expect(lines[1]).toBe(`"'${name.replaceAll('"', '""')}",1,1,0,0,100`);
    }
  });

  it('the statistics as XLSX: the name is text with its quote, the counts numbers', async () => {
    const ref = await h.call(statistics.export, { kind: 'evaluations', groupBy: 'provider', format: 'xlsx' }, approver);
    const rows = await sheetRows(ref.storageKey);
    expect(rows[1]).toEqual([`'${FORMULA_NAME}`, 1, 1, 0, 0, 100]);
  });

  it('the usage form as XLSX: the provider name is text, the amounts numbers, the total still a SUM', async () => {
    const ref = await h.call(settlement.exportForm, { id: applicationId, kind: 'usage', format: 'xlsx' }, approver);
    const rows = await sheetRows(ref.storageKey);
    expect(rows).toContainEqual(['服务商名称', `'${FORMULA_NAME}`]);
    expect(rows).toContainEqual(['CERT', '1', '1', 1200]);
    expect(rows.find((r) => r[0] === '合计')![3]).toMatchObject({ formula: expect.stringMatching(/^SUM\(/) });
  });
});
