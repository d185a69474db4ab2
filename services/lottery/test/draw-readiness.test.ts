import { describe, expect, it } from 'vitest';
import { whyNotDrawable } from '../src/domain/draw-readiness.ts';

const now = new Date('2026-12-07T12:00:00Z');
const closed = new Date('2026-12-07T11:59:59Z');

describe('LOT-5/LOT-6: when a batch may be drawn', () => {
  it('is drawn once its campaign has closed and every earlier batch is drawn', () => {
    expect(whyNotDrawable({ state: 'scheduled', closesAt: closed, earlierUndrawn: 0 }, now)).toBeNull();
  });

  it('is never drawn twice', () => {
    for (const state of ['drawn', 'published']) {
      expect(whyNotDrawable({ state, closesAt: closed, earlierUndrawn: 0 }, now)).toMatchObject({
        refused: 'INVALID_STATE',
        state,
      });
    }
  });

  it('waits while reservations are open, since its eligible set is not final', () => {
    expect(
      whyNotDrawable({ state: 'scheduled', closesAt: new Date(now.getTime() + 1), earlierUndrawn: 0 }, now),
    ).toMatchObject({
      refused: 'INVALID_STATE',
      state: 'open',
    });
  });

  it('waits for an earlier batch of its campaign, whose winners are no longer eligible', () => {
    expect(whyNotDrawable({ state: 'scheduled', closesAt: closed, earlierUndrawn: 1 }, now)).toMatchObject({
      refused: 'INVALID_STATE',
      state: 'scheduled',
    });
  });
});
