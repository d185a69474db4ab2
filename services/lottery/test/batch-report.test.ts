import { describe, expect, it } from 'vitest';
import { quotaFill } from '../src/domain/batch-report.ts';

describe('LOT-10: how far a batch filled a category’s quota', () => {
  it('is the winners over the quota', () => {
    expect(quotaFill(50, 100)).toBe(0.5);
    expect(quotaFill(100, 100)).toBe(1);
    expect(quotaFill(0, 100)).toBe(0);
  });

  it('keeps four decimal places, rounded', () => {
    expect(quotaFill(1, 3)).toBe(0.3333);
    expect(quotaFill(2, 3)).toBe(0.6667);
  });

  it('is 0 for a quota of 0, never a division by zero', () => {
    expect(quotaFill(0, 0)).toBe(0);
  });
});
