/** ID-3: how a presented refresh token is judged. Rotation makes every token single-use. */
export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshDecision =
  | { kind: 'rotate' }
  | { kind: 'expired' }
  | { kind: 'revoked' }
  /** a used token presented again: someone kept a copy, so the whole session dies */
  | { kind: 'reuse_detected' };

export function decideRefresh(token: RefreshTokenState, now: Date): RefreshDecision {
  if (token.revokedAt) return { kind: 'revoked' };
  if (token.usedAt) return { kind: 'reuse_detected' };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  return { kind: 'rotate' };
}
