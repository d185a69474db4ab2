import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** WAL-2: six digits, not all the same, not a run up or down (123456, 987654). */
export type PinWeakness = 'repeated' | 'run';

export function pinWeakness(pin: string): PinWeakness | null {
  const d = [...pin].map(Number);
  if (d.every((x) => x === d[0])) return 'repeated';
  const steps = d.slice(1).map((x, i) => x - d[i]!);
  if (steps.every((s) => s === 1) || steps.every((s) => s === -1)) return 'run';
  return null;
}

/**
 * A 6-digit PIN has a million values: a slow hash would not save it once the
 * table leaks, a key kept outside the database does (WAL-2). Fast, so a
 * payment's PIN check costs microseconds.
 */
export function hashPin(pin: string, salt: Buffer, key: string): Buffer {
  return createHmac('sha256', key).update(salt).update(pin).digest();
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

function pinMatches(pin: string, salt: Buffer, hash: Buffer, key: string): boolean {
  const candidate = hashPin(pin, salt, key);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

/**
 * WAL-2: what proves the owner sets the PIN. A change: the old PIN. A first
 * PIN: the account's login password or an SMS code sent to its mobile for
 * `set_pin`, both checked by identity; an access token alone is not enough
 * (whoever stole one could otherwise choose the PIN and pay).
 */
export type PinProof =
  | { kind: 'old_pin'; oldPin: string }
  | { kind: 'password'; password: string }
  | { kind: 'sms_code'; smsCode: string }
  | { kind: 'missing'; field: 'oldPin' | 'password' };

export function pinProof(
  hasPin: boolean,
  given: { oldPin?: string | undefined; password?: string | undefined; smsCode?: string | undefined },
): PinProof {
  if (hasPin) return given.oldPin ? { kind: 'old_pin', oldPin: given.oldPin } : { kind: 'missing', field: 'oldPin' };
  if (given.password) return { kind: 'password', password: given.password };
  if (given.smsCode) return { kind: 'sms_code', smsCode: given.smsCode };
  return { kind: 'missing', field: 'password' };
}

/** WAL-2: five wrong PINs lock payments for thirty minutes. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_SECONDS = 30 * 60;

export type PinJudgement =
  | { ok: true; forgive: boolean }
  | { ok: false; reason: 'locked'; until: Date }
  | { ok: false; reason: 'no_pin' }
  | { ok: false; reason: 'wrong' };

/**
 * WAL-2 as a decision: a locked wallet refuses even the right PIN; a right
 * PIN forgives the wrong ones counted before it; a wrong one is to be counted.
 */
export function judgePin(
  standing: { lockedUntil: Date | null; failures: number },
  stored: { salt: Buffer; hash: Buffer } | null,
  pin: string,
  key: string,
): PinJudgement {
  if (standing.lockedUntil) return { ok: false, reason: 'locked', until: standing.lockedUntil };
  if (!stored) return { ok: false, reason: 'no_pin' };
  if (pinMatches(pin, stored.salt, stored.hash, key)) return { ok: true, forgive: standing.failures > 0 };
  return { ok: false, reason: 'wrong' };
}
