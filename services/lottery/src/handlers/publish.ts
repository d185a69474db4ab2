import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { AppError, lottery, lotteryEvents, maskCompanyName, type Caller, type Publication } from '@voucher/contracts';
import { appendEvent, outboxInsert, prepareEvent, type Bus, type EventCause, requireRole } from '@voucher/bus';
import { recordAudit } from '@voucher/db';

import type { LotteryDeps } from './deps.ts';
import { workThroughDue } from './due.ts';
import { BatchWorkClock, timedBatchWork } from './batch-work-clock.ts';
import { resultChunksOf } from '../store/batch-results.ts';

/** result events per outbox statement: 20 chunks of 5,000 ids are about 4 MB of JSON */
const RESULT_EVENTS_PER_INSERT = 20;

export const publicationKey = (batchId: string) => `publication-${batchId}.json`;

/**
 * LOT-6's document (API.md shape): seed, commitment, eligible ids and masked
 * winners. With 200,000 ids it is several MB, so it is written through the
 * storage driver and the gateway streams it (ARCHITECTURE A4).
 */
async function buildPublication(deps: LotteryDeps, trx: any, batchId: string): Promise<Publication> {
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
    await sql<{
      code: string;
      quota: number;
    }>`SELECT category_code AS code, quota FROM batch_quotas WHERE batch_id = ${batchId}
       ORDER BY category_code COLLATE "C"`.execute(trx)
  ).rows;
  const sets = (
    await sql<{ code: string; ids: string[]; winners: string[] }>`
      SELECT category_code AS code, ids::text[] AS ids, winners::text[] AS winners
      FROM batch_eligible WHERE batch_id = ${batchId}`.execute(trx)
  ).rows;
  const names = new Map(
    (
      await sql<{ id: string; company_name: string | null }>`
        SELECT r.id::text AS id, e.company_name
        FROM batch_eligible be CROSS JOIN unnest(be.winners) AS w(id)
        JOIN reservations r ON r.id = w.id LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
        WHERE be.batch_id = ${batchId}`.execute(trx)
    ).rows.map((r) => [r.id, r.company_name ?? '']),
  );
  return {
    batchId,
    campaignId: b.campaign_id,
    commitment: b.commitment,
    seed: b.seed,
    beacon: b.beacon ?? '',
    eligibleHash: b.eligible_hash,
    finalSeed: b.final_seed,
    categories: quotas.map((q) => {
      const set = sets.find((x) => x.code === q.code);
      return {
        code: q.code,
        quota: q.quota,
        eligible: set?.ids ?? [],
        winners: (set?.winners ?? []).map((id) => ({
          reservationId: id,
          company: maskCompanyName(names.get(id) ?? ''),
        })),
      };
    }),
  };
}

export async function publishBatch(deps: LotteryDeps, batchId: string, actor: Caller, cause: EventCause) {
  const clock = new BatchWorkClock(deps, batchId, 'publish');
  return timedBatchWork(clock, () => publishInTransaction(deps, clock, batchId, actor, cause));
}

async function publishInTransaction(
  deps: LotteryDeps,
  clock: BatchWorkClock,
  batchId: string,
  actor: Caller,
  cause: EventCause,
) {
  return deps.db.transaction().execute(async (trx) => {
    const batch = (
      await sql<{ state: string; campaign_id: string; campaign_name: string; seq: number; last_seq: number }>`
        SELECT b.state, b.campaign_id, c.name AS campaign_name, b.seq,
               (SELECT max(seq) FROM batches WHERE campaign_id = b.campaign_id) AS last_seq
        FROM batches b JOIN campaigns c ON c.id = b.campaign_id WHERE b.id = ${batchId} FOR UPDATE OF b`.execute(trx)
    ).rows[0];
    if (!batch) throw new AppError('NOT_FOUND', 'batch not found');
    if (batch.state !== 'drawn') {
      throw new AppError('INVALID_STATE', batch.state === 'scheduled' ? 'draw the batch first' : 'already published', {
        state: batch.state,
      });
    }
    await clock.enter('document');
    const doc = await buildPublication(deps, trx, batchId);
    const stored = await deps.storage.put(publicationKey(batchId), Readable.from([Buffer.from(JSON.stringify(doc))]));
    const publishedAt = new Date();
    await sql`UPDATE batches SET state = 'published', published_at = ${publishedAt}, publication_key = ${publicationKey(batchId)},
              publication_size = ${stored.size} WHERE id = ${batchId}`.execute(trx);
    await clock.enter('results');
    if (batch.seq === batch.last_seq) {
      await sql`UPDATE campaigns SET finished_at = ${publishedAt} WHERE id = ${batch.campaign_id}`.execute(trx);
      // LOT-5: after the last batch, whoever did not win is not drawn; LOT-7: and learns it at its publication
      await sql`UPDATE reservations SET state = 'not_drawn', updated_at = now()
                WHERE campaign_id = ${batch.campaign_id} AND state = 'pending'`.execute(trx);
    }
    await appendEvent(
      trx,
      lotteryEvents.batchPublished,
      { batchId, campaignId: batch.campaign_id, publishedAt: publishedAt.toISOString() },
      cause,
    );
    // LOT-7, issue 18: each enterprise learns its result, in this transaction, so never before publication
    const results = await resultChunksOf(trx, {
      id: batchId,
      campaignId: batch.campaign_id,
      last: batch.seq === batch.last_seq,
    });
    for (let i = 0; i < results.length; i += RESULT_EVENTS_PER_INSERT) {
      await outboxInsert(
        results.slice(i, i + RESULT_EVENTS_PER_INSERT).map((r) =>
          prepareEvent(
            lotteryEvents.resultsPublished,
            {
              batchId,
              campaignId: batch.campaign_id,
              campaignName: batch.campaign_name,
              batchSeq: batch.seq,
              publishedAt: publishedAt.toISOString(),
              ...r,
            },
            cause,
          ),
        ),
      ).execute(trx);
    }
    await recordAudit(trx, {
      entity: 'batch',
      entityId: batchId,
      action: 'published',
      actor,
      fromState: 'drawn',
      toState: 'published',
    });
    return { id: batchId, state: 'published' as const };
  });
}

export function registerPublishHandlers(bus: Bus, deps: LotteryDeps): void {
  bus.handle(lottery.publishBatch, async ({ id }, ctx) => publishBatch(deps, id, requireRole(ctx, 'approver'), ctx));

  // issue 19: the approver watches a draw or a publication move, through any replica
  bus.handle(lottery.batchProgress, async ({ id }, ctx) => {
    requireRole(ctx, 'approver', 'admin');
    const progress = await deps.progress.read(id);
    return {
      batchId: id,
      work: progress?.work ?? null,
      phase: progress?.phase ?? null,
      percent: progress?.percent ?? 0,
      startedAt: progress?.startedAt ?? null,
      updatedAt: progress?.updatedAt ?? null,
    };
  });

  bus.handle(lottery.publishDue, async (_req, ctx) => {
    const caller = requireRole(ctx, 'scheduler');
    const due = (
      await sql<{
        id: string;
      }>`SELECT id FROM batches WHERE state = 'drawn' AND publish_at <= now() ORDER BY publish_at`.execute(deps.db)
    ).rows;
    return workThroughDue(
      ctx,
      due.map((d) => d.id),
      (id) => publishBatch(deps, id, caller, ctx),
    );
  });

  // LOT-7: nothing before its time
  bus.handle(lottery.publicationRef, async ({ id }) => {
    const row = (
      await sql<{ publication_key: string | null; publication_size: number | null; state: string }>`
        SELECT publication_key, publication_size, state FROM batches WHERE id = ${id}`.execute(deps.db)
    ).rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'batch not found');
    if (row.state !== 'published' || !row.publication_key)
      throw new AppError('NOT_PUBLISHED', 'the results are not published yet');
    return { storageKey: row.publication_key, size: row.publication_size ?? 0 };
  });
}
