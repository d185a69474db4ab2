import { existsSync } from 'node:fs';
import type ExcelJSModule from 'exceljs';
import { AppError } from '@voucher/contracts';
import { spreadsheetCell } from '@voucher/kit';
import type { FormTable } from '../domain/forms.ts';

// pdfkit and exceljs are loaded on the first form, not at start: an idle
// settlement process stays inside A10's memory budget (120 MB RSS)
const loadPdfKit = async () => (await import('pdfkit')).default;
export const loadExcel = async (): Promise<typeof ExcelJSModule> => (await import('exceljs')).default;

/** The CJK font the README's set-up installs (fonts-wqy-zenhei); a .ttc needs its PostScript name. */
export interface CjkFont {
  path: string;
  postscriptName: string;
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** A form as a PDF with the font embedded, so it prints the same anywhere (SET-4). */
export async function formPdf(form: FormTable, font: CjkFont): Promise<Buffer> {
  if (!existsSync(font.path)) {
    throw new AppError(
      'UNAVAILABLE',
      `the CJK font ${font.path} is missing: run the README's set-up (fonts-wqy-zenhei)`,
    );
  }
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: form.title } });
  doc.registerFont('cjk', font.path, font.postscriptName);
  doc.font('cjk');
  doc.fontSize(16).text(form.title, { align: 'center' });
  doc.moveDown();
  doc.fontSize(10);
  for (const [label, value] of form.facts) doc.text(`${label}：${value}`);
  doc.moveDown();
  const width = (doc.page.width - 80) / form.columns.length;
  const row = (cells: string[]) => {
    const y = doc.y;
    cells.forEach((cell, i) => doc.text(cell, 40 + i * width, y, { width: width - 4 }));
    doc.x = 40;
    doc.moveDown(0.4);
  };
  row(form.columns);
  for (const r of form.rows) row(r);
  row(form.total);
  doc.moveDown(2);
  doc.text(form.signature, 40);
  return toBuffer(doc);
}

/** The same form as a workbook; money as numbers (yuan) with a SUM formula over them. */
export async function formXlsx(form: FormTable): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(form.title.slice(0, 31));
  // names and numbers come from providers and enterprises: formula-like text stays text (issue 16)
  sheet.addRow([form.title]);
  for (const [label, value] of form.facts) sheet.addRow([label, spreadsheetCell(value)]);
  sheet.addRow([]);
  sheet.addRow(form.columns);
  const first = sheet.rowCount + 1;
  for (const r of form.rows) {
    sheet.addRow(r.map((cell, i) => (form.moneyColumns.includes(i) ? Number(cell) : spreadsheetCell(cell))));
  }
  const last = sheet.rowCount;
  const total = sheet.addRow(
    form.total.map((cell, i) => {
      if (!form.moneyColumns.includes(i)) return spreadsheetCell(cell);
      const column = String.fromCharCode(65 + i);
      return { formula: `SUM(${column}${first}:${column}${last})`, result: Number(cell) };
    }),
  );
  total.font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([form.signature]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
