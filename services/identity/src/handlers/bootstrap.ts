import type { IdentityDeps } from './deps.ts';
import { createAccount } from './admin.ts';
import { anyAdmin } from '../store/users.ts';

/**
 * The first administrator cannot be created by an administrator (ID-10), so a
 * deployment names one in its environment; it is created once, when no admin exists.
 */
export async function ensureBootstrapAdmin(
  deps: IdentityDeps,
  admin: { username: string; mobile: string; password: string },
): Promise<void> {
  if (await anyAdmin(deps.db)) return;
  try {
    const id = await createAccount(
      deps,
      { userId: '00000000-0000-0000-0000-000000000000', role: 'admin' },
      { role: 'admin', ...admin },
      { requestId: 'bootstrap' },
    );
    deps.logger.info({ userId: id, username: admin.username }, 'bootstrap administrator created');
  } catch (err) {
    // another replica created it at the same moment
    if ((err as { code?: string }).code !== 'DUPLICATE') throw err;
  }
}
