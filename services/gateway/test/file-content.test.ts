import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { candidatesOf, detectFromHead, detectZip } from '../src/files/detect.ts';
import { checkZipBounds, zipBounds } from '../src/files/zip-bounds.ts';
import { cleanFileName, contentDisposition } from '../src/files/names.ts';
import { peek } from '../src/files/peek.ts';
import {
  docx,
  docxLateContentTypes,
  elf,
  jpeg,
  overlappingEntries,
  pdf,
  plainText,
  plainZip,
  png,
  xlsx,
  zip,
  zipBomb,
} from './file-fixtures.ts';

describe('detection by content (QUA-7)', () => {
  it.each([
    ['png', png, 'png'],
    ['jpeg', jpeg, 'jpg'],
    ['pdf', pdf, 'pdf'],
    ['docx', docx, 'docx'],
    ['xlsx', xlsx, 'xlsx'],
    ['plain zip', plainZip, 'zip'],
  ])('tells a %s', async (_what, bytes, type) => {
    expect(await detectFromHead(bytes)).toEqual({ type, label: type });
  });

  it('names what it refuses: an executable, or unknown', async () => {
    expect(await detectFromHead(elf)).toEqual({ type: null, label: 'elf' });
    expect(await detectFromHead(plainText)).toEqual({ type: null, label: 'unknown' });
  });

  it('keeps a ZIP head open to docx and xlsx until the whole file is read', async () => {
    expect(candidatesOf({ type: 'zip', label: 'zip' })).toEqual(['zip', 'docx', 'xlsx']);
    expect(candidatesOf({ type: 'docx', label: 'docx' })).toEqual(['docx']);
    expect(candidatesOf({ type: null, label: 'exe' })).toEqual([]);
    expect(await detectZip(docxLateContentTypes)).toMatchObject({ type: 'docx' });
    expect(await detectZip(plainZip)).toMatchObject({ type: 'zip' });
  });
});

describe('the bounds of a look inside a ZIP (issue 16: zip probing ran with no bound)', () => {
  const MB = 1024 * 1024;

  it('lets real archives through: docx, xlsx, a plain zip, a sheet of 200,000 rows', async () => {
    for (const archive of [docx, xlsx, plainZip, docxLateContentTypes]) await checkZipBounds(archive);
    const rows = Array.from({ length: 200_000 }, (_, i) => `<row r="${i}"><c r="A${i}"><v>${i * 7}</v></c></row>`);
    const sheet = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(rows.join('')) }]);
    await checkZipBounds(sheet);
  });

  it('refuses a zip bomb (a ratio of 1,000, its headers lying) after inflating a little, within a second', async () => {
    const bomb = zipBomb();
    const started = performance.now();
    await expect(checkZipBounds(bomb)).rejects.toThrow('word/document.xml inflates more than 200 times its size');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses entries that overlap, each under the ratio but together past the archive’s budget', async () => {
    // a run of zeros would trip the entry's own bound: text at a ratio of about 100 passes it
    const data = Buffer.from(
      Array.from({ length: 2 * MB }, (_, i) => (i % 100 === 0 ? 0x41 + ((i / 100) % 26) : 0x20)),
    );
    const archive = overlappingEntries(400, data);
    await expect(checkZipBounds(archive, { ...zipBounds, graceBytes: 0 })).rejects.toThrow('inflates more than');
  });

  it('refuses more entries than it looks at, and a size claimed by a method it does not inflate', async () => {
    const many = zip(Array.from({ length: 1025 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') })));
    await expect(checkZipBounds(many)).rejects.toThrow('more than 1024 entries');
    const lzma = zip([{ name: 'big.bin', data: Buffer.alloc(1000), method: 14, claimedSize: 2 ** 31 }]);
    await expect(checkZipBounds(lzma)).rejects.toThrow('big.bin inflates more than 200 times its size');
  });

  it('refuses a look that takes longer than its time limit, and what is not a ZIP at all', async () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({ name: `part${i}.xml`, data: Buffer.alloc(MB, i) }));
    await expect(checkZipBounds(zip(entries), { ...zipBounds, timeLimitMs: 1 })).rejects.toThrow(
      'could not be checked within 1 ms',
    );
    await expect(checkZipBounds(plainZip.subarray(0, 40))).rejects.toThrow('the archive cannot be read');
  });
});

describe('peek', () => {
  it('hands back the head and the whole content, however the source is chunked', async () => {
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 256));
    const chunks = Array.from({ length: 100 }, (_, i) => bytes.subarray(i * 100, i * 100 + 100));
    const { head, stream } = await peek(Readable.from(chunks), 4100);
    expect(head.equals(bytes.subarray(0, 4100))).toBe(true);
    expect((await buffer(stream)).equals(bytes)).toBe(true);
  });

  it('passes on an error of the source after the head', async () => {
    const source = Readable.from(
      (async function* () {
        yield Buffer.alloc(5000);
        yield Buffer.alloc(5000);
        throw new Error('connection reset');
      })(),
    );
    const { head, stream } = await peek(source, 4100);
    expect(head.length).toBe(4100);
    await expect(buffer(stream)).rejects.toThrow('connection reset');
  });

  it('copes with a source shorter than the head', async () => {
    const { head, stream } = await peek(Readable.from([Buffer.from('abc')]), 4100);
    expect(head.toString()).toBe('abc');
    expect((await buffer(stream)).toString()).toBe('abc');
  });

  it('destroys the source when the reader gives up', async () => {
    const source = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(1000);
      })(),
    );
    const { stream } = await peek(source, 4100);
    stream.destroy();
    expect(source.destroyed).toBe(true);
  });
});

describe('file names', () => {
  it('keeps the name only: no folders, no control characters, never empty', () => {
    expect(cleanFileName('C:\\Users\\张三\\营业执照.png')).toBe('营业执照.png');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\r\nb.pdf')).toBe('ab.pdf');
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName(undefined)).toBe('file');
    expect([...cleanFileName('名'.repeat(300))]).toHaveLength(255);
  });

  it('offers the original name in Content-Disposition (RFC 5987), with an ASCII fallback', () => {
    expect(contentDisposition('营业执照.png', 'inline')).toBe(
      `inline; filename="____.png"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.png`,
    );
    expect(contentDisposition(`it's "a" (draft)*.pdf`, 'attachment')).toBe(
      `attachment; filename="it's _a_ (draft)*.pdf"; filename*=UTF-8''it%27s%20%22a%22%20%28draft%29%2A.pdf`,
    );
  });
});
