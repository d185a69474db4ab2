import { describe, expect, it } from 'vitest';
import { whyNoPlacement } from '../src/domain/purchase-limit.ts';

describe('ORD-1 and CAT-2: who may place another order of a product this year', () => {
  it('a certified enterprise under the product’s annual limit, or of a product without one', () => {
    expect(whyNoPlacement({ certified: true, placedThisYear: 1, limit: 2 })).toBeNull();
    expect(whyNoPlacement({ certified: true, placedThisYear: 40, limit: null })).toBeNull();
  });

  it('not an enterprise whose certification is missing or revoked, whatever its count', () => {
    expect(whyNoPlacement({ certified: false, placedThisYear: 0, limit: null })).toMatchObject({
      refused: 'NOT_QUALIFIED',
    });
  });

  it('not one at the limit: its live orders of the product this year already number as many', () => {
    expect(whyNoPlacement({ certified: true, placedThisYear: 2, limit: 2 })).toMatchObject({
      refused: 'PURCHASE_LIMIT_REACHED',
      limit: 2,
    });
    expect(whyNoPlacement({ certified: true, placedThisYear: 0, limit: 0 })).toMatchObject({
      refused: 'PURCHASE_LIMIT_REACHED',
      limit: 0,
    });
  });
});
