import { sql, type Kysely } from 'kysely';
import { maskCompanyName, type Publication } from '@voucher/contracts';
import type { DB as LotteryDb } from './db.ts';

type CategoryPart = Publication['categories'][number];

/**
 * LOT-6's document (API.md shape): seed, commitment, eligible ids and masked
 * winners, as the bytes of its JSON, a category at a time. A batch of a
 * million eligible ids is some 50 MB of JSON: built whole, with its ids as
 * strings and the text they make, it took the lottery from 221 MB to a
 * 493 MB peak (issue 20 item 8: at most 300 MB). Read a category at a time,
 * each category's ids are garbage once written. The bytes are those of
 * `JSON.stringify` of the whole document.
 */
export async function* publicationDocument(trx: Kysely<LotteryDb>, batchId: string): AsyncGenerator<Buffer> {
  const b = (
    await sql<{
      campaign_id: string;
      commitment: string;
      seed: string;
      beacon: string | null;
      eligible_hash: string;
      final_seed: string;
    }>`
      SELECT campaign_id, commitment, seed, beacon, eligible_hash, final_seed FROM batches WHERE id = ${batchId}`.execute(
      trx,
    )
  ).rows[0]!;
  const quotas = (
    await sql<{ code: string; quota: number }>`
      SELECT category_code AS code, quota FROM batch_quotas WHERE batch_id = ${batchId}
      ORDER BY category_code COLLATE "C"`.execute(trx)
  ).rows;
  const head: Omit<Publication, 'categories'> = {
    batchId,
    campaignId: b.campaign_id,
    commitment: b.commitment,
    seed: b.seed,
    beacon: b.beacon ?? '',
    eligibleHash: b.eligible_hash,
    finalSeed: b.final_seed,
  };
  const headText = JSON.stringify(head);
  yield Buffer.from(`${headText.slice(0, -1)},"categories":[`);
  for (const [i, q] of quotas.entries()) {
    const part = await categoryPart(trx, batchId, q);
    yield Buffer.from(`${i === 0 ? '' : ','}${JSON.stringify(part)}`);
  }
  yield Buffer.from(']}');
}

/** One category of the document: its eligible ids and its winners with their masked names. */
async function categoryPart(
  trx: Kysely<LotteryDb>,
  batchId: string,
  q: { code: string; quota: number },
): Promise<CategoryPart> {
  const set = (
    await sql<{ ids: string[]; winners: string[] }>`
      SELECT ids::text[] AS ids, winners::text[] AS winners
      FROM batch_eligible WHERE batch_id = ${batchId} AND category_code = ${q.code}`.execute(trx)
  ).rows[0];
  const names = new Map(
    (
      await sql<{ id: string; company_name: string | null }>`
        SELECT r.id::text AS id, e.company_name
        FROM batch_eligible be CROSS JOIN unnest(be.winners) AS w(id)
        JOIN reservations r ON r.id = w.id LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
        WHERE be.batch_id = ${batchId} AND be.category_code = ${q.code}`.execute(trx)
    ).rows.map((r) => [r.id, r.company_name ?? '']),
  );
  return {
    code: q.code,
    quota: q.quota,
    eligible: set?.ids ?? [],
    winners: (set?.winners ?? []).map((id) => ({
      reservationId: id,
      company: maskCompanyName(names.get(id) ?? ''),
    })),
  };
}
