import { describe, expect, it } from 'vitest';
import { logoutRevocations } from '../src/domain/logout.ts';

const caller = { userId: 'u1', tokenId: 't1', sessionId: 's1' };

describe('ID-5 logout: what it revokes', () => {
  it('revokes the current access token and ends its session', () => {
    expect(logoutRevocations(caller, undefined)).toEqual({ tokenId: 't1', sessionIds: ['s1'] });
  });

  it('ends the session of a refresh token of the caller’s from another sign-in too', () => {
    expect(logoutRevocations(caller, { userId: 'u1', sessionId: 's2' })).toEqual({
      tokenId: 't1',
      sessionIds: ['s1', 's2'],
    });
  });

  it('ends the current session once when the refresh token is the current session’s', () => {
    expect(logoutRevocations(caller, { userId: 'u1', sessionId: 's1' }).sessionIds).toEqual(['s1']);
  });

  it('leaves another user’s session alone, whatever refresh token is presented', () => {
    expect(logoutRevocations(caller, { userId: 'u2', sessionId: 's9' })).toEqual({ tokenId: 't1', sessionIds: ['s1'] });
  });

  it('revokes nothing that the token does not name', () => {
    expect(logoutRevocations({ userId: 'u1' }, undefined)).toEqual({ tokenId: undefined, sessionIds: [] });
  });
});
