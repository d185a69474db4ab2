import { describe, expect, it } from 'vitest';
import { csvField, spreadsheetCell, toCsv } from '../src/spreadsheet.ts';

describe('cells that a spreadsheet would run as a formula are kept text (issue 16)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")'],
    ['+1+cmd|" /C calc"!A0'],
    ['-2+3'],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['＝1+1'],
  ])('%j gets a leading quote', (value) => {
    expect(spreadsheetCell(value)).toBe(`'${value}`);
  });

  it('leaves numbers, plain-number text and ordinary text alone', () => {
    expect(spreadsheetCell(2350.5)).toBe(2350.5);
    expect(spreadsheetCell(-3)).toBe(-3);
    for (const text of ['-12.50', '+3', '2350.50', '南京慧通信息技术有限公司', 'a=b', '']) {
      expect(spreadsheetCell(text)).toBe(text);
    }
  });

  it('quotes a CSV field with a comma, a quote or a line break, after making it safe', () => {
    expect(csvField('南京,某某')).toBe('"南京,某某"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField(7)).toBe('7');
  });

  it('writes a CSV a spreadsheet opens with the Chinese intact', () => {
    expect(
      toCsv([
        ['名称', '金额'],
        ['南京,某某', 1],
        ['=1+1', '-2.50'],
      ]),
    ).toBe(`\uFEFF名称,金额\n"南京,某某",1\n'=1+1,-2.50\n`);
  });
});
