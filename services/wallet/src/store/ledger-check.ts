import type { Redis } from '@voucher/kit';

const LAST_CHECK_KEY = 'wallet:ledger-check:last';

export interface LedgerCheck {
  ok: boolean;
  checkedAt: string;
}

/**
 * The last ledger check's outcome (WAL-3), kept where every wallet replica
 * reads it: the scheduler's daily run lands on one replica, and the alert
 * must see it whichever replica Prometheus asks (issue 19).
 */
export function ledgerCheckStore(redis: Redis) {
  return {
    async record(check: LedgerCheck): Promise<void> {
      await redis.set(LAST_CHECK_KEY, JSON.stringify(check));
    },
    async last(): Promise<LedgerCheck | null> {
      const raw = await redis.get(LAST_CHECK_KEY);
      return raw === null ? null : (JSON.parse(raw) as LedgerCheck);
    },
  };
}
export type LedgerCheckStore = ReturnType<typeof ledgerCheckStore>;
