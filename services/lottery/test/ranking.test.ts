import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { scoreOf, winnersOf } from '@voucher/draw';
import { scoreCutoff } from '../src/domain/score-cutoff.ts';
import { drawPoolTable, rankEligible, type CategoryToRank } from '../src/store/draw-ranking.ts';
import { lotteryHarness, type LotteryHarness } from './harness.ts';
import type { DB as LotteryDb } from '../src/store/db.ts';

/** The share of the score range below a cut-off. */
const share = (cutoff: string) => parseInt(cutoff, 16) / 2 ** 32;

describe('LOT-6 step 4: the score cut-off only ever saves work', () => {
  it('ranks every id when the winners are most of the set', () => {
    expect(scoreCutoff(7, 3)).toBeNull();
    expect(scoreCutoff(100, 90)).toBeNull();
    expect(scoreCutoff(0, 5)).toBeNull();
  });

  it('keeps ten standard deviations of room above the quota', () => {
    for (const [eligible, quota] of [
      [100_000, 10_000],
      [1_000_000, 100_000],
      [20_000, 5],
      [5_000, 1_000],
    ] as const) {
      const cutoff = scoreCutoff(eligible, quota)!;
      expect(cutoff).toMatch(/^[0-9a-f]{8}$/);
      const expected = share(cutoff) * eligible;
      expect(expected).toBeGreaterThanOrEqual(quota + 10 * Math.sqrt(quota) + 63);
      expect(share(cutoff)).toBeLessThan(1);
    }
  });

  it('lets nobody through when nobody is to win', () => {
    expect(scoreCutoff(1000, 0)).toBe('00000000');
  });

  it('passes about the expected number of real scores', () => {
    const seed = randomBytes(32).toString('hex');
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    const cutoff = scoreCutoff(ids.length, 1_000)!;
    const below = ids.filter((id) => scoreOf(seed, 'AUDIT', id).slice(0, 8) < cutoff).length;
    expect(below).toBeGreaterThanOrEqual(1_000);
    expect(below).toBeLessThan(1_000 + 10 * Math.sqrt(1_000) + 64 + 6 * Math.sqrt(1_500));
  });
});

describe('LOT-6 step 4 inside PostgreSQL', () => {
  let h: LotteryHarness;
  beforeAll(async () => {
    h = await lotteryHarness('lotrank');
  });
  afterAll(() => h.close());

  /** A pool of `sizes[code]` eligible ids per category, ranked with the given cut-offs; the winners per category. */
  async function rank(
    finalSeed: string,
    eligible: Record<string, string[]>,
    quotas: Record<string, number>,
    cut: (code: string) => string | null,
  ) {
    return (h.service.db as Kysely<LotteryDb>).transaction().execute(async (trx) => {
      const pool = sql.id(drawPoolTable(uuidv7()));
      await sql`CREATE UNLOGGED TABLE ${pool} (category_code text, reservation_id uuid, enterprise_id uuid)`.execute(
        trx,
      );
      for (const [code, ids] of Object.entries(eligible)) {
        await sql`INSERT INTO ${pool} SELECT ${code}, id, gen_random_uuid() FROM unnest(${ids}::uuid[]) AS id`.execute(
          trx,
        );
      }
      const categories: CategoryToRank[] = Object.keys(eligible).map((code) => ({
        code,
        quota: quotas[code]!,
        eligible: eligible[code]!.length,
        cutoff: cut(code),
      }));
      await rankEligible(trx, pool, finalSeed, categories);
      await sql`DROP TABLE ${pool}`.execute(trx);
      const rows = (
        await sql<{ code: string; id: string }>`
          SELECT category_code AS code, reservation_id::text AS id FROM draw_winners`.execute(trx)
      ).rows;
      return Object.fromEntries(
        Object.keys(eligible).map((code) => [
          code,
          rows
            .filter((r) => r.code === code)
            .map((r) => r.id)
            .sort(),
        ]),
      );
    });
  }

  const ids = (n: number) => Array.from({ length: n }, () => uuidv7());

  it('picks the same winners as the published algorithm, with the cut-off the draw uses', async () => {
    const seed = randomBytes(32).toString('hex');
    const pool = { AUDIT: ids(3_000), CERT: ids(500), DIAG: ids(4) };
    const quotas = { AUDIT: 100, CERT: 499, DIAG: 10 };
    const got = await rank(seed, pool, quotas, (code) =>
      scoreCutoff(pool[code as keyof typeof pool].length, quotas[code as keyof typeof quotas]),
    );
    for (const code of Object.keys(pool) as (keyof typeof pool)[]) {
      expect(got[code]).toEqual(winnersOf(seed, code, pool[code], quotas[code]).sort());
    }
  });

  it('ranks a category whole when too few ids fall under its cut-off', async () => {
    const seed = randomBytes(32).toString('hex');
    const pool = { AUDIT: ids(800), CERT: ids(800) };
    const quotas = { AUDIT: 50, CERT: 50 };
    // a cut-off far too low for AUDIT (about 3 of 800 pass), a fitting one for CERT
    const got = await rank(seed, pool, quotas, (code) => (code === 'AUDIT' ? '01000000' : scoreCutoff(800, 50)));
    expect(got.AUDIT).toEqual(winnersOf(seed, 'AUDIT', pool.AUDIT, 50).sort());
    expect(got.CERT).toEqual(winnersOf(seed, 'CERT', pool.CERT, 50).sort());
  });
});
