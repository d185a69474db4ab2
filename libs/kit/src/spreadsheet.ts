/**
 * Text a spreadsheet program reads as a formula when it opens a CSV or a cell
 * is edited: starting with = + - @, a tab or a carriage return (OWASP, "CSV
 * injection": `=HYPERLINK(...)`, `=cmd|...` in a company name). The
 * full-width forms, which Chinese input methods type, are treated alike.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
/** A plain number ("-12.50", "+3") is no formula: it stays as it is, and a spreadsheet reads it as a number. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell's value made safe to open in a spreadsheet: formula-like text gets a
 * leading `'`, which keeps it text; numbers, and text that is a plain number,
 * are left alone. Every CSV and XLSX export of the platform writes its cells
 * through this (issue 16).
 */
export function spreadsheetCell<T extends string | number>(value: T): T | string {
  if (typeof value !== 'string' || !FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** One CSV field: made safe, then quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string | number): string {
  const text = String(spreadsheetCell(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV a spreadsheet opens with the Chinese intact: a byte-order mark, then the rows, every field through `csvField`. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}
