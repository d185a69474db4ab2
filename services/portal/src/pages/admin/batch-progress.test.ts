import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '@voucher/contracts';
import { isUnderWay, shownProgress, STALE_MS } from './batch-progress.ts';

const told = Date.parse('2027-03-11T02:00:10.000Z');
const progress = (over: Partial<BatchProgress>): BatchProgress => ({
  batchId: '0195f3a4-1111-7000-8000-000000000001',
  work: 'draw',
  phase: 'ranking',
  percent: 35,
  startedAt: '2027-03-11T02:00:00.000Z',
  updatedAt: new Date(told).toISOString(),
  ...over,
});

describe('isUnderWay', () => {
  it('holds for a phase told recently', () => {
    expect(isUnderWay(progress({}), told + 1_000)).toBe(true);
  });

  it('does not hold once the work is done, for a batch with no work, or before any read', () => {
    expect(isUnderWay(progress({ phase: 'done', percent: 100 }), told + 1_000)).toBe(false);
    expect(isUnderWay(progress({ work: null, phase: null, percent: 0, startedAt: null, updatedAt: null }), told)).toBe(
      false,
    );
    expect(isUnderWay(undefined, told)).toBe(false);
  });

  it('does not hold for a phase left unchanged for two minutes: its process died', () => {
    expect(isUnderWay(progress({}), told + STALE_MS - 1)).toBe(true);
    expect(isUnderWay(progress({}), told + STALE_MS)).toBe(false);
  });
});

describe('shownProgress', () => {
  const fetchedAt = told + 500;

  it("shows the approver's own draw at the phase and percentage the batch tells", () => {
    expect(
      shownProgress({ own: { work: 'draw', done: false }, progress: progress({}), fetchedAt, failed: false }),
    ).toEqual({ work: 'draw', phase: 'ranking', percent: 35 });
  });

  it("shows the approver's own publication as not started while the batch still tells its draw's end", () => {
    const drawn = progress({ phase: 'done', percent: 100 });
    expect(shownProgress({ own: { work: 'publish', done: false }, progress: drawn, fetchedAt, failed: false })).toEqual(
      {
        work: 'publish',
        phase: null,
        percent: 0,
      },
    );
  });

  it("shows the approver's own work at 100 % done once its request answered, whatever the last read said", () => {
    expect(
      shownProgress({ own: { work: 'draw', done: true }, progress: progress({}), fetchedAt, failed: true }),
    ).toEqual({
      work: 'draw',
      phase: 'done',
      percent: 100,
    });
  });

  it("keeps the approver's own work shown when a progress read fails", () => {
    expect(shownProgress({ own: { work: 'draw', done: false }, progress: undefined, fetchedAt, failed: true })).toEqual(
      {
        work: 'draw',
        phase: null,
        percent: 0,
      },
    );
  });

  it('shows a work the scheduler runs while it is under way, and nothing once it is done or stale', () => {
    const publishing = progress({ work: 'publish', phase: 'document', percent: 0 });
    expect(shownProgress({ own: null, progress: publishing, fetchedAt, failed: false })).toEqual({
      work: 'publish',
      phase: 'document',
      percent: 0,
    });
    expect(
      shownProgress({ own: null, progress: progress({ phase: 'done', percent: 100 }), fetchedAt, failed: false }),
    ).toBe(null);
    expect(shownProgress({ own: null, progress: publishing, fetchedAt: told + STALE_MS, failed: false })).toBe(null);
  });

  it('shows nothing of a running work when the last progress read failed', () => {
    expect(shownProgress({ own: null, progress: progress({}), fetchedAt, failed: true })).toBe(null);
  });
});
