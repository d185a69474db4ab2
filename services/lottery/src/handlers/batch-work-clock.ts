import { batchWorkPhases, type BatchWork, type BatchWorkPhase } from '@voucher/contracts';
import type { Logger } from '@voucher/kit';
import type { BatchProgressStore } from '../store/batch-progress.ts';
import type { LotteryMetrics } from '../metrics.ts';

/**
 * Each phase's share of its whole work, in percent, so the percentage moves
 * roughly as time does. Estimates, not yet measured at a million
 * reservations: `draw_phase_duration_seconds` is where to take them from. A
 * share only guides the eye; the phase shown is exact.
 */
const PHASE_SHARE: { [W in BatchWork]: Record<(typeof batchWorkPhases)[W][number], number> } = {
  draw: { eligible: 35, ranking: 30, recording: 25, announcing: 10 },
  publish: { document: 55, results: 45 },
};

/**
 * Times a batch's draw or publication phase by phase (issue 19): where it
 * stands goes to Redis as it moves (the approver's progress), the phases'
 * and the whole work's durations to the metrics once it has committed. The
 * progress is told, never awaited by the work's correctness: Redis away
 * costs the approver the percentage, not the draw.
 */
export class BatchWorkClock {
  private readonly startedAt = new Date();
  private readonly laps: { phase: BatchWorkPhase; seconds: number }[] = [];
  private current: { phase: BatchWorkPhase; since: number } | undefined;
  private percentBefore = 0;

  constructor(
    private readonly deps: { progress: BatchProgressStore; metrics: LotteryMetrics; logger: Logger },
    private readonly batchId: string,
    private readonly work: BatchWork,
  ) {}

  /** The work enters `phase`: the previous one is timed, and the progress says where it is. */
  async enter(phase: BatchWorkPhase): Promise<void> {
    this.lap();
    this.current = { phase, since: performance.now() };
    await this.tell(phase, this.percentBefore);
    this.percentBefore += (PHASE_SHARE[this.work] as Record<string, number>)[phase] ?? 0;
  }

  /** The work has committed: the progress says done, the metrics get its phases and its whole. */
  async committed(): Promise<void> {
    this.lap();
    await this.tell('done', 100);
    const m = this.deps.metrics;
    for (const { phase, seconds } of this.laps) m.phaseDuration.observe({ phase }, seconds);
    const total = (Date.now() - this.startedAt.getTime()) / 1000;
    (this.work === 'draw' ? m.drawDuration : m.publicationDuration).observe(total);
  }

  /**
   * The work rolled back: nothing it did stands, so no progress is shown for
   * it. A work refused before its first phase (a batch drawn already) told
   * nothing, and leaves what the work that did it told.
   */
  async abandoned(): Promise<void> {
    if (this.laps.length === 0 && !this.current) return;
    await this.deps.progress.forget(this.batchId).catch(() => undefined);
  }

  private lap(): void {
    if (!this.current) return;
    this.laps.push({ phase: this.current.phase, seconds: (performance.now() - this.current.since) / 1000 });
    this.current = undefined;
  }

  private async tell(phase: BatchWorkPhase | 'done', percent: number): Promise<void> {
    await this.deps.progress
      .write(this.batchId, {
        work: this.work,
        phase,
        percent,
        startedAt: this.startedAt.toISOString(),
        updatedAt: new Date().toISOString(),
      })
      .catch((err: unknown) => this.deps.logger.warn({ err, batchId: this.batchId }, 'batch progress not recorded'));
  }
}

/** Runs `work` timed by a clock: told done when it commits, forgotten when it rolls back. */
export async function timedBatchWork<T>(clock: BatchWorkClock, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await clock.abandoned();
    throw err;
  }
  await clock.committed();
  return result;
}
