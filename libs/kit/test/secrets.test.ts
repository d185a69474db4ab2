import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estimatedBits, secretWeakness } from '../src/secrets.ts';

describe('A7: what production refuses as a secret', () => {
  it.each([
    ['the development value', 'dev-only-pin-key-change-me-in-production-0000', 'known_value'],
    ['a short value', 'local-infra-only', 'too_short'],
    ["the Kubernetes example's placeholder", 'CHANGE-ME-to-at-least-32-random-characters', 'placeholder'],
    ['a sentence about a secret', 'a-production-secret-of-at-least-32-characters', 'placeholder'],
    ['an upper-case placeholder', 'REPLACE_THIS_VALUE_BEFORE_GOING_LIVE_2026', 'placeholder'],
    ['one character repeated', 's'.repeat(40), 'low_entropy'],
    ['a short unit repeated', 'k3Y9'.repeat(10), 'low_entropy'],
    ['a run of the alphabet', 'abcdefghijklmnopqrstuvwxyz012345', 'low_entropy'],
    ['digits counting up', '0123456789'.repeat(4), 'low_entropy'],
    ['five characters mixed', 'abcdeedcbaabcdeaebdcabcedabdecab', 'low_entropy'],
  ])('refuses %s', (_what, value, why) => {
    expect(secretWeakness(value, ['dev-only-pin-key-change-me-in-production-0000'])).toBe(why);
  });

  it.each([
    ['openssl rand -base64 48', () => randomBytes(48).toString('base64')],
    ['openssl rand -hex 16', () => randomBytes(16).toString('hex')],
    ['32 base64url characters', () => randomBytes(24).toString('base64url')],
  ])('accepts random values as %s makes them, every time in 2,000 draws', (_how, make) => {
    for (let i = 0; i < 2000; i++) {
      const value = make();
      expect(secretWeakness(value), value).toBeNull();
    }
  });

  it('estimates the bits a value shows from its own character frequencies', () => {
    expect(estimatedBits('aaaa')).toBe(0);
    expect(estimatedBits('abcd')).toBe(8);
    expect(estimatedBits('ab'.repeat(16))).toBe(32);
  });
});
