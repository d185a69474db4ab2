import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_KDF_COST } from '@voucher/kit';
import { hashCost, needsRehash } from '../src/domain/password-cost.ts';

describe('A7: the cost of password hashes', () => {
  it('is OWASP’s minimum for scrypt by default: N = 2^17', () => {
    expect(DEFAULT_PASSWORD_KDF_COST).toBeGreaterThanOrEqual(17);
  });

  it('reads the cost a stored hash was made with', () => {
    expect(hashCost('scrypt$15$c2FsdA==$aGFzaA==')).toBe(15);
    expect(hashCost('bcrypt$10$x$y')).toBeNull();
    expect(hashCost('scrypt$x$y$z')).toBeNull();
  });

  it('makes a hash again when it is weaker than the configured cost, never a stronger or foreign one', () => {
    expect(needsRehash('scrypt$15$c$h', 17)).toBe(true);
    expect(needsRehash('scrypt$17$c$h', 17)).toBe(false);
    expect(needsRehash('scrypt$18$c$h', 17)).toBe(false);
    expect(needsRehash('something-else', 17)).toBe(false);
  });
});
