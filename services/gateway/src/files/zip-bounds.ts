import { createInflateRaw } from 'node:zlib';

/**
 * How far the gateway inflates an uploaded ZIP (docx, xlsx, zip) to look at
 * it. Deflate cannot exceed a ratio of 1,032, which is where bombs sit; real
 * Office parts stay under 100 (repetitive sheets reach a few hundred), so an
 * entry may inflate to 200 times the compressed bytes fed to it so far, past
 * a grace of 1 MiB, and the whole archive to 200 times its size.
 */
export interface ZipBounds {
  /** inflated bytes per compressed byte, per entry and over the whole archive */
  maxRatio: number;
  /** what any entry may inflate to whatever its ratio (small, highly compressible parts: styles, empty sheets) */
  graceBytes: number;
  maxEntries: number;
  /** the whole look, from the first byte read to the verdict */
  timeLimitMs: number;
}

export const zipBounds: ZipBounds = { maxRatio: 200, graceBytes: 1024 * 1024, maxEntries: 1024, timeLimitMs: 5000 };

/** Why an archive is refused: it is the upload's verdict, told to the client as the detected type's reason. */
export class ZipRefused extends Error {}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;
/** how much compressed input is fed at a time: the ratio is checked after each slice */
const SLICE = 16 * 1024;

interface Entry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

function malformed(): ZipRefused {
  return new ZipRefused('the archive cannot be read');
}

/** The central directory's place and size, from the end record (ZIP64 when the classic one is full). */
function directoryOf(bytes: Buffer): { offset: number; size: number; count: number } {
  const lowest = Math.max(0, bytes.length - 22 - MAX_COMMENT);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    let count = bytes.readUInt16LE(at + 10);
    let size = bytes.readUInt32LE(at + 12);
    let offset = bytes.readUInt32LE(at + 16);
    if ((count === 0xffff || offset === 0xffffffff || size === 0xffffffff) && at >= 20) {
      if (bytes.readUInt32LE(at - 20) !== ZIP64_LOCATOR) throw malformed();
      const end64 = Number(bytes.readBigUInt64LE(at - 12));
      if (end64 + 56 > bytes.length || bytes.readUInt32LE(end64) !== ZIP64_END) throw malformed();
      count = Number(bytes.readBigUInt64LE(end64 + 32));
      size = Number(bytes.readBigUInt64LE(end64 + 40));
      offset = Number(bytes.readBigUInt64LE(end64 + 48));
    }
    if (offset + size > bytes.length) throw malformed();
    return { offset, size, count };
  }
  throw malformed();
}

/** The ZIP64 extra field's sizes and offset, for the entries whose classic fields are full. */
function zip64Extra(extra: Buffer, entry: Entry): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + length) throw malformed();
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.declaredSize === 0xffffffff) entry.declaredSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localOffset === 0xffffffff) entry.localOffset = next();
      return;
    }
    at += 4 + length;
  }
}

function entriesOf(bytes: Buffer, maxEntries: number): Entry[] {
  const { offset, size, count } = directoryOf(bytes);
  if (count > maxEntries) throw new ZipRefused(`the archive has more than ${maxEntries} entries`);
  const entries: Entry[] = [];
  for (let at = offset; at < offset + size;) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) throw malformed();
    if (entries.length === maxEntries) throw new ZipRefused(`the archive has more than ${maxEntries} entries`);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const entry: Entry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      encrypted: (bytes.readUInt16LE(at + 8) & 1) === 1,
      compressedSize: bytes.readUInt32LE(at + 20),
      declaredSize: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    zip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's compressed bytes are: after its local header, whose name and extra lengths may differ from the directory's. */
function dataOf(bytes: Buffer, entry: Entry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) throw malformed();
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressedSize > bytes.length) throw malformed();
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * Inflates one entry a slice at a time and stops as soon as it has produced
 * more than its share: `maxRatio` times the input fed so far (past the
 * grace), or what is left of the archive's budget, or past the deadline. A
 * bomb is stopped after its first slices, not after its gigabytes.
 */
async function inflateWithin(
  data: Buffer,
  bounds: ZipBounds,
  budget: { left: number },
  deadline: number,
  name: string,
): Promise<void> {
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  let fed = 0;
  let produced = 0;
  let refusal: ZipRefused | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      budget.left -= chunk.length;
      if (produced > bounds.graceBytes + bounds.maxRatio * fed || budget.left < 0) {
        refusal = new ZipRefused(`${name} inflates more than ${bounds.maxRatio} times its size`);
      } else if (Date.now() > deadline) {
        refusal = new ZipRefused(`the archive could not be checked within ${bounds.timeLimitMs} ms`);
      }
      if (refusal) inflate.destroy(refusal);
    });
    inflate.on('end', resolve);
    inflate.on('error', (err) => reject(err instanceof ZipRefused ? err : malformed()));
  });
  finished.catch(() => undefined);
  for (let at = 0; at < data.length && !refusal; at += SLICE) {
    const slice = data.subarray(at, at + SLICE);
    fed += slice.length;
    if (!inflate.write(slice)) await new Promise<void>((r) => inflate.once('drain', r).once('close', r));
  }
  if (!refusal) inflate.end();
  await finished;
}

/**
 * Reads a ZIP's directory and inflates every entry under `bounds`, so that a
 * zip bomb (or a crafted archive that would keep the gateway busy) is refused
 * before any look at its contents: too many entries, an entry that inflates
 * more than `maxRatio` times (checked as it inflates, whatever its header
 * claims), more in all than `maxRatio` times the archive, or a look longer
 * than `timeLimitMs`. Nested archives are not opened: the platform never
 * unpacks them. Throws ZipRefused.
 */
export async function checkZipBounds(bytes: Buffer, bounds: ZipBounds = zipBounds): Promise<void> {
  const deadline = Date.now() + bounds.timeLimitMs;
  const budget = { left: bounds.graceBytes + bounds.maxRatio * bytes.length };
  for (const entry of entriesOf(bytes, bounds.maxEntries)) {
    if (Date.now() > deadline) throw new ZipRefused(`the archive could not be checked within ${bounds.timeLimitMs} ms`);
    const data = dataOf(bytes, entry);
    if (entry.method === DEFLATED && !entry.encrypted) {
      await inflateWithin(data, bounds, budget, deadline, entry.name);
      continue;
    }
    // stored, encrypted or another method: not inflated here, so held to what its header claims
    const size = entry.method === STORED && !entry.encrypted ? data.length : entry.declaredSize;
    budget.left -= size;
    if (size > bounds.graceBytes + bounds.maxRatio * data.length || budget.left < 0) {
      throw new ZipRefused(`${entry.name} inflates more than ${bounds.maxRatio} times its size`);
    }
  }
}
