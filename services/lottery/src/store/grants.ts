import { sql, type Kysely } from 'kysely';
import { lotteryEvents, type GrantView } from '@voucher/contracts';
import { appendEvent } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import type { GrantAsked, GrantFacts } from '../domain/grant.ts';
import type { DB as LotteryDb } from './db.ts';

interface GrantRow {
  id: string;
  enterprise_id: string;
  category_code: string;
  year: number;
  reason: string;
  granted_by: string;
  granted_at: Date;
}

const toView = (r: GrantRow): GrantView => ({
  id: r.id,
  voucherId: r.id,
  enterpriseId: r.enterprise_id,
  category: r.category_code,
  year: r.year,
  reason: r.reason,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at.toISOString(),
});

export interface NewGrant extends GrantAsked {
  id: string;
  year: number;
  reason: string;
  admin: { userId: string; role: string };
  idempotencyKey: string;
  requestId: string;
}

/** A grant's facts in one round trip (LOT-4): the category, the enterprise, this year's wins, an earlier grant. */
export async function readGrantFacts(
  db: Kysely<LotteryDb>,
  asked: GrantAsked,
  adminId: string,
  idempotencyKey: string,
  year: number,
): Promise<GrantFacts> {
  const row = (
    await sql<{
      annual_limit: number | null;
      certified: boolean | null;
      wins: number;
      earlier_enterprise: string | null;
      earlier_category: string | null;
    }>`
      SELECT (SELECT annual_limit FROM categories WHERE code = ${asked.category}) AS annual_limit,
             (SELECT certified FROM enterprises WHERE enterprise_id = ${asked.enterpriseId}) AS certified,
             COALESCE((SELECT wins FROM annual_wins WHERE enterprise_id = ${asked.enterpriseId}
                         AND category_code = ${asked.category} AND year = ${year}), 0) AS wins,
             g.enterprise_id AS earlier_enterprise, g.category_code AS earlier_category
      FROM (SELECT 1) one
      LEFT JOIN grants g ON g.granted_by = ${adminId} AND g.idempotency_key = ${idempotencyKey}`.execute(db)
  ).rows[0]!;
  return {
    category: row.annual_limit === null ? undefined : { annualLimit: row.annual_limit },
    enterprise: row.certified === null ? undefined : { certified: row.certified },
    winsThisYear: row.wins,
    earlier:
      row.earlier_enterprise === null
        ? undefined
        : { enterpriseId: row.earlier_enterprise, category: row.earlier_category! },
  };
}

/** The grant an administrator made with an Idempotency-Key. */
export async function findGrant(db: Kysely<LotteryDb>, adminId: string, idempotencyKey: string): Promise<GrantView> {
  const row = (
    await sql<GrantRow>`SELECT id, enterprise_id, category_code, year, reason, granted_by, granted_at FROM grants
      WHERE granted_by = ${adminId} AND idempotency_key = ${idempotencyKey}`.execute(db)
  ).rows[0]!;
  return toView(row);
}

/**
 * The grant, its win, the annual count (whose CHECK is the backstop of
 * LOT-4), the audit entry and the wallet's event, in the caller's
 * transaction under the category's lock.
 */
export async function commitGrant(trx: Kysely<LotteryDb>, g: NewGrant): Promise<GrantView> {
  await sql`INSERT INTO wins (id, enterprise_id, category_code, year, source)
            VALUES (${g.id}, ${g.enterpriseId}, ${g.category}, ${g.year}, 'grant')`.execute(trx);
  const row = (
    await sql<GrantRow>`INSERT INTO grants (id, enterprise_id, category_code, year, reason, granted_by, idempotency_key)
      VALUES (${g.id}, ${g.enterpriseId}, ${g.category}, ${g.year}, ${g.reason}, ${g.admin.userId}, ${g.idempotencyKey})
      RETURNING id, enterprise_id, category_code, year, reason, granted_by, granted_at`.execute(trx)
  ).rows[0]!;
  await sql`INSERT INTO annual_wins (enterprise_id, category_code, year, wins, win_limit)
            SELECT ${g.enterpriseId}, code, ${g.year}, 1, annual_limit FROM categories WHERE code = ${g.category}
            ON CONFLICT (enterprise_id, category_code, year)
            DO UPDATE SET wins = annual_wins.wins + 1, win_limit = EXCLUDED.win_limit`.execute(trx);
  await recordAudit(trx, { entity: 'grant', entityId: g.id, action: 'granted', actor: g.admin, reason: g.reason });
  await appendEvent(
    trx,
    lotteryEvents.winsRecorded,
    {
      batchId: null,
      campaignId: null,
      category: g.category,
      source: 'grant',
      visibleFrom: null,
      chunk: 0,
      reason: g.reason,
      wins: [{ winId: g.id, enterpriseId: g.enterpriseId, reservationId: null }],
    },
    { requestId: g.requestId },
  );
  return toView(row);
}
