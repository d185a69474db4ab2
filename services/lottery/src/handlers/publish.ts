import { AppError, lottery, lotteryEvents, type Caller } from '@voucher/contracts';
import { appendEvent, outboxInsert, prepareEvent, type Bus, type EventCause, requireRole } from '@voucher/bus';
import { recordAudit } from '@voucher/db';

import type { LotteryDeps } from './deps.ts';
import { workThroughDue } from './due.ts';
import { BatchWorkClock, timedBatchWork } from './batch-work-clock.ts';
import { resultChunksOf, type ResultChunk } from '../store/batch-results.ts';
import { batchStore } from '../store/batches.ts';
import { campaignStore } from '../store/campaigns.ts';
import { publicationDocument } from '../store/publication-document.ts';

/** result events per outbox statement: 20 chunks of 5,000 ids are about 4 MB of JSON */
const RESULT_EVENTS_PER_INSERT = 20;

const publicationKey = (batchId: string) => `publication-${batchId}.json`;

async function publishBatch(deps: LotteryDeps, batchId: string, actor: Caller, cause: EventCause) {
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
    const batches = batchStore(trx);
    const batch = await batches.lockForPublication(batchId);
    if (!batch) throw new AppError('NOT_FOUND', 'batch not found');
    if (batch.state !== 'drawn') {
      throw new AppError('INVALID_STATE', batch.state === 'scheduled' ? 'draw the batch first' : 'already published', {
        state: batch.state,
      });
    }
    await clock.enter('document');
    // with 1,000,000 ids it is some 50 MB, so it is written through the storage driver as it is read, and
    // the gateway streams it (ARCHITECTURE A4)
    const stored = await deps.storage.put(publicationKey(batchId), publicationDocument(trx, batchId));
    const publishedAt = new Date();
    await batches.markPublished(batchId, publishedAt, { key: publicationKey(batchId), size: stored.size });
    await clock.enter('results');
    if (batch.seq === batch.last_seq) {
      await campaignStore(trx).finish(batch.campaign_id, publishedAt);
    }
    await appendEvent(
      trx,
      lotteryEvents.batchPublished,
      { batchId, campaignId: batch.campaign_id, publishedAt: publishedAt.toISOString() },
      cause,
    );
    // LOT-7, issue 18: each enterprise learns its result, in this transaction, so never before publication
    const insert = (chunks: ResultChunk[]) =>
      outboxInsert(
        chunks.map((r) =>
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
    let pending: ResultChunk[] = [];
    for await (const chunk of resultChunksOf(trx, {
      id: batchId,
      campaignId: batch.campaign_id,
      last: batch.seq === batch.last_seq,
    })) {
      pending.push(chunk);
      if (pending.length === RESULT_EVENTS_PER_INSERT) {
        await insert(pending);
        pending = [];
      }
    }
    if (pending.length > 0) await insert(pending);
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
    const due = await batchStore(deps.db).dueForPublication();
    return workThroughDue(ctx, due, (id) => publishBatch(deps, id, caller, ctx));
  });

  // LOT-7: nothing before its time
  bus.handle(lottery.publicationRef, async ({ id }) => {
    const row = await batchStore(deps.db).publication(id);
    if (!row) throw new AppError('NOT_FOUND', 'batch not found');
    if (row.state !== 'published' || !row.publication_key)
      throw new AppError('NOT_PUBLISHED', 'the results are not published yet');
    return { storageKey: row.publication_key, size: row.publication_size ?? 0 };
  });
}
