import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// the spec lives beside the checkout, not in it: a clean clone (CI) has none
const DOMAIN_MD = join(ROOT, '..', 'shared', 'spec', 'DOMAIN.md');

/** A file a row names (from `services/`) and the exports it names after it. */
interface Cited {
  path: string;
  names: string[];
}

interface Row {
  rule: string;
  service: string;
  domain: Cited[];
  store: Cited[];
  database: string[];
}

const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** `a.ts` `f` `g`; `b.ts` `h`: each file with the names that follow it. */
function citedIn(cell: string): Cited[] {
  const cited: Cited[] = [];
  for (const token of ticked(cell)) {
    if (token.endsWith('.ts')) cited.push({ path: token, names: [] });
    else if (cited.length > 0) cited.at(-1)!.names.push(token);
    else throw new Error(`${token} is named before any file in: ${cell}`);
  }
  return cited;
}

function rowsOf(markdown: string): Row[] {
  return markdown
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => /^[A-Z]+-\d+$/.test(cells[1] ?? ''))
    .map((cells) => ({
      rule: cells[1]!,
      service: cells[2]!,
      domain: citedIn(cells[3]!),
      store: citedIn(cells[4]!),
      database: ticked(cells[5]!),
    }));
}

const rows = rowsOf(readFileSync(join(ROOT, 'docs', 'RULES.md'), 'utf8'));
const mentions = (text: string, word: string) => new RegExp(`\\b${word}\\b`).test(text);
const serviceOf = (path: string) => path.split('/')[0]!;

function migrationsOf(service: string): string {
  const dir = join(ROOT, 'services', service, 'migrations');
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('docs/RULES.md: each rule id to the functions that decide it, one hop', () => {
  it('has one row per rule', () => {
    expect(rows.length).toBeGreaterThan(0);
    const seen = rows.map((r) => r.rule);
    expect(seen.filter((rule, i) => seen.indexOf(rule) !== i)).toEqual([]);
  });

  it.each(rows.map((r) => [r.rule, r] as const))('%s names a decision or a store query that exists', (rule, row) => {
    expect(row.domain.length + row.store.length, `${rule} names no file`).toBeGreaterThan(0);
    const kinds = [
      ...row.domain.map((c) => ({ ...c, folder: 'domain' })),
      ...row.store.map((c) => ({ ...c, folder: 'store' })),
    ];
    for (const { path, names, folder } of kinds) {
      expect(path, `${rule}: ${path} is not a service's src/${folder}/ module`).toMatch(
        new RegExp(`^[a-z-]+/src/${folder}/[a-z-]+\\.ts$`),
      );
      const file = join(ROOT, 'services', path);
      expect(existsSync(file), `${rule}: services/${path} does not exist`).toBe(true);
      const source = readFileSync(file, 'utf8');
      expect(mentions(source, rule), `${rule}: services/${path} does not cite ${rule}`).toBe(true);
      expect(names.length, `${rule}: no export of services/${path} is named`).toBeGreaterThan(0);
      for (const name of names) {
        expect(
          new RegExp(`export (?:async )?(?:function\\*?|const|let|class) ${name}\\b`).test(source),
          `${rule}: services/${path} does not export ${name}`,
        ).toBe(true);
      }
    }
  });

  it.each(rows.filter((r) => r.database.length > 0).map((r) => [r.rule, r] as const))(
    "%s's database backstops are in its services' migrations",
    (rule, row) => {
      const services = new Set([row.service, ...[...row.domain, ...row.store].map((c) => serviceOf(c.path))]);
      const sql = [...services].map(migrationsOf).join('\n');
      for (const name of row.database) {
        expect(mentions(sql, name), `${rule}: ${name} is in no migration of ${[...services].join(', ')}`).toBe(true);
      }
    },
  );

  it.skipIf(!existsSync(DOMAIN_MD))('lists every rule id of DOMAIN.md, in its order', () => {
    const ids = [...readFileSync(DOMAIN_MD, 'utf8').matchAll(/\*\*([A-Z]+-\d+)\b/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.rule)).toEqual(ids);
  });
});
