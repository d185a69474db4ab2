import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Logger, Plugin } from 'vite';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The files worth compressing; images and fonts come compressed already. */
const TEXT_FILE = /\.(js|css|html|svg|json)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, at
 * the strongest settings: they are made once here instead of at every request,
 * and the gateway sends whichever the browser accepts (@fastify/static's
 * `preCompressed`).
 */
export function precompress(): Plugin {
  let outDir = '';
  let logger: Logger | undefined;
  return {
    name: 'voucher:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    async closeBundle() {
      const count = await precompressDir(outDir);
      logger?.info(`precompressed ${count} text files (.br, .gz)`);
    },
  };
}

/** Compresses every text file under `dir`; returns how many gained a .br or a .gz. */
export async function precompressDir(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && TEXT_FILE.test(e.name)).map((e) => join(e.parentPath, e.name));
  const written = await Promise.all(files.map(precompressFile));
  return written.filter(Boolean).length;
}

async function precompressFile(file: string): Promise<boolean> {
  const bytes = await readFile(file);
  const [br, gz] = await Promise.all([
    brotliAsync(bytes, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  // a tiny file can come out larger compressed: without a sibling the plain file is sent
  const smaller = Object.entries({ '.br': br, '.gz': gz }).filter(([, compressed]) => compressed.length < bytes.length);
  await Promise.all(smaller.map(([extension, compressed]) => writeFile(`${file}${extension}`, compressed)));
  return smaller.length > 0;
}
