import { describe, expect, it } from 'vitest';
import { decideAfterFailure, decideLoginGate } from '../src/domain/login-gate.ts';
import { decideRefresh } from '../src/domain/session.ts';

describe('ID-3 login gate', () => {
  it('lets the first attempts through without a captcha', () => {
    for (const failures of [0, 1, 2]) {
      expect(decideLoginGate({ failures, lockedUntilEpochSeconds: null, captchaGiven: false })).toEqual({
        kind: 'proceed',
      });
    }
  });

  it('requires a captcha after 3 failures', () => {
    expect(decideLoginGate({ failures: 3, lockedUntilEpochSeconds: null, captchaGiven: false })).toEqual({
      kind: 'captcha_required',
    });
    expect(decideLoginGate({ failures: 9, lockedUntilEpochSeconds: null, captchaGiven: true })).toEqual({
      kind: 'check_captcha',
    });
  });

  it('refuses a locked account before looking at anything else', () => {
    expect(decideLoginGate({ failures: 0, lockedUntilEpochSeconds: 123, captchaGiven: true })).toEqual({
      kind: 'locked',
      untilEpochSeconds: 123,
    });
  });

  it('locks for 15 minutes at the tenth failure', () => {
    expect(decideAfterFailure(9)).toEqual({ kind: 'refuse', captchaRequired: true });
    expect(decideAfterFailure(10)).toEqual({ kind: 'lock', seconds: 900 });
    expect(decideAfterFailure(2)).toEqual({ kind: 'refuse', captchaRequired: false });
    expect(decideAfterFailure(3)).toEqual({ kind: 'refuse', captchaRequired: true });
  });
});

describe('ID-3 refresh token rotation', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  const later = new Date('2026-11-26T00:00:00Z');
  it('rotates a live, unused token', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: null, revokedAt: null }, now)).toEqual({ kind: 'rotate' });
  });
  it('treats a used token presented again as theft', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: now, revokedAt: null }, now)).toEqual({ kind: 'reuse_detected' });
  });
  it('refuses an expired token', () => {
    expect(decideRefresh({ expiresAt: now, usedAt: null, revokedAt: null }, now)).toEqual({ kind: 'expired' });
  });
  it('refuses a revoked token even if unused', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: null, revokedAt: now }, now)).toEqual({ kind: 'revoked' });
  });
});
