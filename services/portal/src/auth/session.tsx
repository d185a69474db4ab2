import { useSyncExternalStore } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { client, signOut, tokens, unwrap } from '../api/client.ts';

/** The signed-in user (GET /me), or null; follows the stored tokens across tabs of this app. */
export function useSession() {
  const signedIn = useSyncExternalStore(tokens.subscribe, () => tokens.read() !== null);
  const queries = useQueryClient();
  const me = useQuery({
    queryKey: ['me', signedIn],
    enabled: signedIn,
    queryFn: () => unwrap(client.GET('/api/v1/me')),
  });
  return {
    user: signedIn ? (me.data ?? null) : null,
    loading: signedIn && me.isLoading,
    async logout() {
      await signOut().catch(() => tokens.write(null));
      queries.clear();
    },
  };
}
