import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { settlement, type Caller } from '@voucher/contracts';
import { approver, settlementHarness, type SettlementHarness } from './harness.ts';
import { yuan } from '../src/domain/forms.ts';

let h: SettlementHarness;
let provider: { caller: Caller; accountId: string };
let applicationId: string;
beforeAll(async () => {
  h = await settlementHarness('setforms');
  provider = await h.provider('济南慧通信息技术有限公司');
  const lines = [
    ...(await h.completedOrder(provider.caller, [120_000, 80_050])),
    ...(await h.completedOrder(provider.caller, [35_000])),
  ];
  const app = await h.call(
    settlement.apply,
    { paymentIds: lines, bankAccountId: provider.accountId, materials: h.materials(provider.caller) },
    provider.caller,
  );
  applicationId = app.id;
});
afterAll(() => h.close());

async function bytesOf(key: string): Promise<Buffer> {
  const stream = await h.storage.get(key);
  const chunks: Buffer[] = [];
  for await (const c of stream!) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

describe('SET-4 forms generated from the data', () => {
  it('shows money as yuan with two decimals', () => {
    expect([yuan(235_050), yuan(5), yuan(0), yuan(100)]).toEqual(['2350.50', '0.05', '0.00', '1.00']);
  });

  it('the redemption form as PDF holds the provider name and the amounts in readable Chinese text', async () => {
    const ref = await h.call(
      settlement.exportForm,
      { id: applicationId, kind: 'redemption', format: 'pdf' },
      provider.caller,
    );
    expect(ref).toMatchObject({ contentType: 'application/pdf', filename: expect.stringContaining('兑现申请表') });
    const pdf = new Uint8Array(await bytesOf(ref.storageKey));
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString();
    expect(text).toContain('中小企业服务券兑现申请表');
    expect(text).toContain('济南慧通信息技术有限公司');
    expect(text).toContain('2350.50');
    expect(text).toContain('1200.00');
    expect(text).toContain('800.50');
  });

  it('the usage summary as XLSX reads back with the right sums per category and in all', async () => {
    const ref = await h.call(settlement.exportForm, { id: applicationId, kind: 'usage', format: 'xlsx' }, approver);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await bytesOf(ref.storageKey)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['中小企业服务券使用情况明细汇总表']);
    expect(rows).toContainEqual(['服务商名称', '济南慧通信息技术有限公司']);
    expect(rows).toContainEqual(['CERT', '3', '1', 2350.5]);
    const total = rows.find((r) => r[0] === '合计')!;
    expect(total.slice(0, 3)).toEqual(['合计', '3', '1']);
    expect(total[3]).toMatchObject({ formula: expect.stringMatching(/^SUM\(D\d+:D\d+\)$/), result: 2350.5 });
  });

  it('is only its provider’s and the reviewers’ to download; the signed scan is uploaded back', async () => {
    const stranger = await h.provider('济南陌生服务有限公司');
    expect(
      (await h.refusal(settlement.exportForm, { id: applicationId, kind: 'usage', format: 'pdf' }, stranger.caller))
        .code,
    ).toBe('NOT_FOUND');
    const wrong = h.uploads.upload(provider.caller.userId, 'settlement_material', { type: 'pdf' });
    expect(
      (await h.refusal(settlement.attachSignedForm, { id: applicationId, fileId: wrong }, provider.caller)).code,
    ).toBe('VALIDATION_FAILED');
    const signed = h.uploads.upload(provider.caller.userId, 'signed_form', { type: 'pdf' });
    const app = await h.call(settlement.attachSignedForm, { id: applicationId, fileId: signed }, provider.caller);
    expect(app.signedFormFileId).toBe(signed);
  });
});
