/**
 * ID-3: after 3 failed password attempts an image captcha is required; after
 * 10 within 15 minutes the account is locked for 15 minutes.
 */
const CAPTCHA_AFTER_FAILURES = 3;
const LOCK_AFTER_FAILURES = 10;
export const FAILURE_WINDOW_SECONDS = 15 * 60;
const LOCK_SECONDS = 15 * 60;

export type GateDecision =
  | { kind: 'locked'; untilEpochSeconds: number }
  | { kind: 'captcha_required' }
  | { kind: 'check_captcha' }
  | { kind: 'proceed' };

export function decideLoginGate(input: {
  lockedUntilEpochSeconds: number | null;
  failures: number;
  captchaGiven: boolean;
}): GateDecision {
  if (input.lockedUntilEpochSeconds !== null)
    return { kind: 'locked', untilEpochSeconds: input.lockedUntilEpochSeconds };
  if (input.failures >= CAPTCHA_AFTER_FAILURES)
    return input.captchaGiven ? { kind: 'check_captcha' } : { kind: 'captcha_required' };
  return { kind: 'proceed' };
}

export type FailureOutcome = { kind: 'lock'; seconds: number } | { kind: 'refuse'; captchaRequired: boolean };

/** What a wrong password does, given the failures counted including this one. */
export function decideAfterFailure(failuresIncludingThis: number): FailureOutcome {
  if (failuresIncludingThis >= LOCK_AFTER_FAILURES) return { kind: 'lock', seconds: LOCK_SECONDS };
  return { kind: 'refuse', captchaRequired: failuresIncludingThis >= CAPTCHA_AFTER_FAILURES };
}
