import { sql, type Kysely } from 'kysely';
import type { StaffStanding } from '../domain/provider-staff.ts';
import type { NotificationsDb } from './schema.ts';

type Db = Kysely<NotificationsDb>;

/**
 * Keeps staff members' standings, each taken only from a step later than
 * the last one kept (`version_at`): a redelivered or late event changes
 * nothing, so a deleted member is never granted again by a grant that
 * arrives after its deletion. Answers how many rows changed.
 */
export async function keepStaffStandings(db: Db, standings: readonly StaffStanding[]): Promise<number> {
  if (standings.length === 0) return 0;
  const rows = await db
    .insertInto('provider_staff')
    .values(
      standings.map((s) => ({ user_id: s.userId, provider_id: s.providerId, orders: s.orders, version_at: s.at })),
    )
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({
          provider_id: sql`coalesce(excluded.provider_id, provider_staff.provider_id)`,
          orders: sql`excluded.orders`,
          version_at: sql`excluded.version_at`,
        })
        .where(sql<boolean>`provider_staff.version_at < excluded.version_at`),
    )
    .returning('user_id')
    .execute();
  return rows.length;
}

/** The provider's staff who hold the `orders` menu now (ID-8), told of its orders besides its main account. */
export async function staffWithOrders(db: Db, providerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('provider_staff')
    .select('user_id')
    .where('provider_id', '=', providerId)
    .where('orders', '=', true)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}
