import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Real, tiny files made from bytes, for the upload tests: each is what
 * file-type recognises by content, whatever name a test gives it.
 */

/** A valid 1×1 RGBA PNG. */
export const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082',
  'hex',
);

/** A JPEG: SOI, a JFIF APP0 segment, EOI. */
export const jpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);

export const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The start of a Linux executable. */
export const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);

/** The start of a Windows executable: MZ header pointing at a PE signature. */
export const windowsExe = (() => {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(128, 60);
  b.write('PE\0\0', 128, 'latin1');
  return b;
})();

export const plainText = Buffer.from('just some text, not an image\n');

interface ZipEntry {
  name: string;
  data: Buffer;
  /** the size its headers claim, when a test wants them to lie */
  claimedSize?: number;
  /** 8, deflate (default); another number stores the bytes as they are under that method's name */
  method?: number;
}

/** A ZIP archive with the given entries (deflated, sizes in the local headers, as Office writes them). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data) : e.data;
    const crc = crc32(e.data);
    const size = e.claimedSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (main: string) =>
  Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      `<Override PartName="/main.xml" ContentType="${main}.main+xml"/></Types>`,
  );

const wordMain = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const sheetMain = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const plainZip = zip([{ name: 'readme.txt', data: Buffer.from('hello') }]);

export const docx = zip([
  { name: '[Content_Types].xml', data: contentTypes(wordMain) },
  { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
]);

/** A docx whose [Content_Types].xml comes after 20 kB of other entries: past the head, so only the whole file tells. */
export const docxLateContentTypes = zip([
  // random bytes do not deflate: the entry stays 20 kB in the archive
  { name: 'docProps/thumbnail.bin', data: randomBytes(20_000) },
  { name: '[Content_Types].xml', data: contentTypes(wordMain) },
  { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
]);

export const xlsx = zip([
  { name: '[Content_Types].xml', data: contentTypes(sheetMain) },
  { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
]);

/** Office-looking folders but no [Content_Types].xml: a plain ZIP, not a docx. */
export const zipWithWordFolder = zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);

const MB = 1024 * 1024;

/**
 * A zip bomb: 20 MB of zeros deflated to about 20 kB (a ratio of 1,000),
 * its headers claiming 1 kB, as a plain zip (`data.bin`) or inside what
 * reads as a docx (`word/document.xml`). Each made on first use.
 */
export const zipBomb = (() => {
  const made = new Map<'zip' | 'docx', Buffer>();
  const zeros = () => Buffer.alloc(20 * MB);
  const build = {
    zip: () => zip([{ name: 'data.bin', data: zeros(), claimedSize: 1024 }]),
    docx: () =>
      zip([
        { name: '[Content_Types].xml', data: contentTypes(wordMain) },
        { name: 'word/document.xml', data: zeros(), claimedSize: 1024 },
      ]),
  };
  return (kind: 'zip' | 'docx' = 'docx'): Buffer => {
    if (!made.has(kind)) made.set(kind, build[kind]());
    return made.get(kind)!;
  };
})();

/**
 * Overlapping entries (the "better zip bomb"): one entry's compressed bytes
 * pointed at by `count` directory entries, so the archive holds them once and
 * inflates them `count` times.
 */
export function overlappingEntries(count: number, data: Buffer): Buffer {
  const one = zip([{ name: 'a', data }]);
  const endAt = one.length - 22;
  const directoryAt = one.readUInt32LE(endAt + 16);
  const entry = one.subarray(directoryAt, endAt);
  const directory = Buffer.concat(Array.from({ length: count }, () => entry));
  const end = Buffer.from(one.subarray(endAt));
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  return Buffer.concat([one.subarray(0, directoryAt), directory, end]);
}

/** A valid PNG followed by padding up to `size` bytes. */
export function pngOfSize(size: number): Buffer {
  return Buffer.concat([png, Buffer.alloc(size - png.length, 0x20)]);
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface FormPart {
  name: string;
  value?: string;
  file?: { filename: string; data: Buffer; contentType?: string };
}

/**
 * A multipart/form-data body, built byte by byte as a browser sends it (the
 * file name as raw UTF-8 inside quotes), so tests control the order of parts.
 */
export function multipart(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = p.file
      ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.file.filename}"\r\n` +
        `Content-Type: ${p.file.contentType ?? 'application/octet-stream'}\r\n`
      : `Content-Disposition: form-data; name="${p.name}"\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), p.file ? p.file.data : Buffer.from(p.value ?? ''));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
