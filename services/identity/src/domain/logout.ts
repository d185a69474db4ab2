/** The caller as its access token names it: the token's own id and its session's. */
interface LoggingOut {
  userId: string;
  tokenId?: string;
  sessionId?: string;
}

/** The session a refresh token presented at logout belongs to (the portal's cookie). */
interface PresentedRefreshToken {
  userId: string;
  sessionId: string;
}

interface LogoutRevocations {
  /** the access token to void at once, before it would expire */
  tokenId: string | undefined;
  /** the sessions whose refresh tokens die */
  sessionIds: string[];
}

/**
 * ID-5: logout revokes the current access token and the refresh token. The
 * caller's session ends with its access token; the refresh token presented
 * ends its own session too, which is the caller's session or another of the
 * caller's (a cookie from an earlier sign-in in the same browser), never
 * someone else's: a refresh token found in another user's hands is no proof
 * that they may end its owner's session.
 */
export function logoutRevocations(caller: LoggingOut, presented: PresentedRefreshToken | undefined): LogoutRevocations {
  const sessionIds = caller.sessionId ? [caller.sessionId] : [];
  if (presented && presented.userId === caller.userId && !sessionIds.includes(presented.sessionId)) {
    sessionIds.push(presented.sessionId);
  }
  return { tokenId: caller.tokenId, sessionIds };
}
