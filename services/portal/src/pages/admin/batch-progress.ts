import type { BatchProgress, BatchWork, BatchWorkPhase } from '@voucher/contracts';

/**
 * A phase told two minutes ago and not left since belongs to a work whose
 * process died (the lottery keeps what it told for an hour): the gateway
 * gives up waiting for a draw after two minutes too, and no phase of a
 * million reservations comes near it.
 */
export const STALE_MS = 120_000;

/** The approver's own draw or publication on this page: running, or answered done. */
export interface OwnWork {
  work: BatchWork;
  done: boolean;
}

/** What the bar shows; a null phase is a work whose first phase is not told yet. */
export interface ShownProgress {
  work: BatchWork;
  phase: BatchWorkPhase | 'done' | null;
  percent: number;
}

/** A work under way: told, not done, and told recently (`fetchedAt` is when the page read it). */
export function isUnderWay(progress: BatchProgress | undefined, fetchedAt: number): boolean {
  if (!progress?.work || !progress.phase || progress.phase === 'done' || !progress.updatedAt) return false;
  return fetchedAt - Date.parse(progress.updatedAt) < STALE_MS;
}

/**
 * The approver's own work is shown from its click to its answer, whatever the
 * progress endpoint says meanwhile: what the batch told of another work (the
 * draw's done before a publication starts) reads as not started, and the
 * answer alone says done. Without one, a work the scheduler runs is shown
 * while it is under way; a progress read that failed shows none.
 */
export function shownProgress(p: {
  own: OwnWork | null;
  progress: BatchProgress | undefined;
  fetchedAt: number;
  failed: boolean;
}): ShownProgress | null {
  const { own, progress } = p;
  if (own?.done) return { work: own.work, phase: 'done', percent: 100 };
  if (own) {
    return progress?.work === own.work
      ? { work: own.work, phase: progress.phase, percent: progress.percent }
      : { work: own.work, phase: null, percent: 0 };
  }
  if (p.failed || !progress?.work || !isUnderWay(progress, p.fetchedAt)) return null;
  return { work: progress.work, phase: progress.phase, percent: progress.percent };
}
