import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { precompressDir } from './precompress.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'precompress-'));
  await mkdir(join(dir, 'assets'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const text = (lines: number) =>
  Array.from({ length: lines }, (_, i) => `export const label${i} = '服务券 ${i}';`).join('\n');

it('writes a .br and a .gz beside each text file, each decoding to the file’s bytes', async () => {
  const files = {
    'index.html': `<!doctype html><title>portal</title>${'<link rel="modulepreload" href="/assets/a.js">'.repeat(20)}`,
    'assets/index-Ab12.js': text(500),
    'assets/index-Ab12.css': '.card { margin: 0 auto; }\n'.repeat(50),
    'assets/logo.svg': `<svg xmlns="http://www.w3.org/2000/svg">${'<path d="M0 0h24v24H0z"/>'.repeat(20)}</svg>`,
    'assets/messages.json': JSON.stringify(
      Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, '服务券'])),
    ),
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);

  expect(await precompressDir(dir)).toBe(5);
  for (const [name, content] of Object.entries(files)) {
    const plain = Buffer.from(content);
    expect(brotliDecompressSync(await readFile(join(dir, `${name}.br`))).equals(plain)).toBe(true);
    expect(gunzipSync(await readFile(join(dir, `${name}.gz`))).equals(plain)).toBe(true);
  }
});

it('leaves images alone, and a file too small to gain without siblings', async () => {
  await writeFile(join(dir, 'assets', 'photo.png'), Buffer.alloc(4_096));
  await writeFile(join(dir, 'assets', 'tiny.js'), 'a()');

  expect(await precompressDir(dir)).toBe(0);
  expect((await readdir(join(dir, 'assets'))).sort()).toEqual(['photo.png', 'tiny.js']);
});
