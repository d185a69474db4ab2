import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '@voucher/contracts';
import { groupIntake } from '@voucher/kit';
import type { ReservationRow } from '../domain/reservation-record.ts';
import { REASON_TEXT, refusalOf, type Standing } from '../domain/reservable.ts';
import type { DB as LotteryDb } from './db.ts';

export interface StandingAsked {
  enterpriseId: string;
  campaignId: string;
  year: number;
}

/**
 * What lottery's projections say of each enterprise for its year (QUA-4 via
 * events), its wins so far (LOT-4) and what it holds in the campaign: one
 * round trip for any number of them.
 */
export async function readStandings(db: Kysely<LotteryDb>, asked: StandingAsked[]): Promise<Standing[]> {
  const rows = (
    await sql<{
      idx: number;
      approved: boolean | null;
      complete: boolean | null;
      certified: boolean | null;
      wins: Record<string, number>;
      reserved: string[];
    }>`
      SELECT r.idx, q.approved, q.complete, e.certified,
             (SELECT coalesce(jsonb_object_agg(w.category_code, w.wins), '{}') FROM annual_wins w
              WHERE w.enterprise_id = r.enterprise_id AND w.year = r.year) AS wins,
             (SELECT coalesce(array_agg(x.category_code), '{}') FROM reservations x
              WHERE x.campaign_id = r.campaign_id AND x.enterprise_id = r.enterprise_id AND x.state <> 'cancelled') AS reserved
      FROM unnest(${asked.map((_, i) => i)}::int[], ${asked.map((a) => a.enterpriseId)}::uuid[],
                  ${asked.map((a) => a.campaignId)}::uuid[], ${asked.map((a) => a.year)}::int[])
           AS r(idx, enterprise_id, campaign_id, year)
      LEFT JOIN qualifications q ON q.enterprise_id = r.enterprise_id AND q.year = r.year
      LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
      ORDER BY r.idx`.execute(db)
  ).rows;
  return rows.map((row) => ({
    qualified: row.approved === true && row.certified !== false,
    complete: row.complete ?? false,
    wins: new Map(Object.entries(row.wins)),
    reserved: new Set(row.reserved),
  }));
}

export interface ReservationWanted extends StandingAsked {
  /** exactly the categories the enterprise wants in the campaign (LOT-3) */
  wanted: string[];
  /** the campaign's categories with their annual limits */
  limits: Record<string, number>;
}

type HeldJson = Omit<ReservationRow, 'created_at'> & { created_at: string };

/**
 * LOT-3 for many enterprises in one statement: for each, every wanted
 * category pending (a cancelled one revived) and every other pending one
 * cancelled, only while its campaign's window is open by the database's
 * clock; per enterprise, whether it was, and its reservations as they now are.
 */
async function writeSets(
  db: Kysely<LotteryDb>,
  sets: ReservationWanted[],
): Promise<{ open: boolean; rows: ReservationRow[] }[]> {
  const wants = sets.flatMap((s, idx) => s.wanted.map((code) => ({ idx, code, id: uuidv7() })));
  const rows = (
    await sql<{ idx: number; open: boolean; rows: HeldJson[] }>`
      WITH req AS (
        SELECT * FROM unnest(${sets.map((_, i) => i)}::int[], ${sets.map((s) => s.campaignId)}::uuid[],
                             ${sets.map((s) => s.enterpriseId)}::uuid[]) AS r(idx, campaign_id, enterprise_id)
      ), want AS (
        SELECT * FROM unnest(${wants.map((w) => w.idx)}::int[], ${wants.map((w) => w.id)}::uuid[],
                             ${wants.map((w) => w.code)}::text[]) AS w(idx, id, code)
      ), open_req AS (
        SELECT req.* FROM req JOIN campaigns c ON c.id = req.campaign_id
        WHERE c.opens_at <= now() AND c.closes_at > now() AND c.finished_at IS NULL
      ), chosen AS (
        INSERT INTO reservations (id, campaign_id, enterprise_id, category_code, state)
        SELECT w.id, o.campaign_id, o.enterprise_id, w.code, 'pending' FROM want w JOIN open_req o ON o.idx = w.idx
        ORDER BY o.campaign_id, o.enterprise_id, w.code
        ON CONFLICT (campaign_id, enterprise_id, category_code)
        DO UPDATE SET state = 'pending', updated_at = now() WHERE reservations.state = 'cancelled'
        RETURNING id, campaign_id, enterprise_id, category_code, state, won_batch_id, created_at
      ), dropped AS (
        UPDATE reservations r SET state = 'cancelled', updated_at = now()
        FROM open_req o
        WHERE r.campaign_id = o.campaign_id AND r.enterprise_id = o.enterprise_id AND r.state = 'pending'
          AND NOT EXISTS (SELECT 1 FROM want w WHERE w.idx = o.idx AND w.code = r.category_code)
        RETURNING r.id, r.campaign_id, r.enterprise_id, r.category_code, r.state, r.won_batch_id, r.created_at
      ), earlier AS (
        SELECT x.id, x.campaign_id, x.enterprise_id, x.category_code, x.state, x.won_batch_id, x.created_at
        FROM reservations x JOIN req ON x.campaign_id = req.campaign_id AND x.enterprise_id = req.enterprise_id
      ), now_held AS (
        SELECT * FROM chosen
        UNION ALL SELECT * FROM dropped
        UNION ALL SELECT * FROM earlier e
          WHERE NOT EXISTS (SELECT 1 FROM chosen c WHERE c.id = e.id OR (c.campaign_id = e.campaign_id
                              AND c.enterprise_id = e.enterprise_id AND c.category_code = e.category_code))
            AND NOT EXISTS (SELECT 1 FROM dropped d WHERE d.id = e.id)
      )
      SELECT req.idx, EXISTS (SELECT 1 FROM open_req o WHERE o.idx = req.idx) AS open,
             (SELECT coalesce(jsonb_agg(h ORDER BY h.created_at DESC, h.category_code), '[]') FROM now_held h
              WHERE h.campaign_id = req.campaign_id AND h.enterprise_id = req.enterprise_id) AS rows
      FROM req ORDER BY req.idx`.execute(db)
  ).rows;
  return rows.map((r) => ({ open: r.open, rows: r.rows.map((h) => ({ ...h, created_at: new Date(h.created_at) })) }));
}

/**
 * Reservations arriving together are decided and written together (LOT-3/4),
 * as a group intake does: a group's standings are read while the group
 * before it is written. One enterprise's requests for a campaign are never in
 * groups under way together, so its choice is exactly its latest set.
 */
export function reservationIntake(db: Kysely<LotteryDb>) {
  return groupIntake<ReservationWanted, ReservationRow[], null>({
    keyOf: (w) => `${w.campaignId}:${w.enterpriseId}`,
    async decide(group) {
      const standings = await readStandings(
        db,
        group.map((p) => p.item),
      );
      return group.flatMap((p, i) => {
        const refusal = refusalOf(standings[i]!, p.item.wanted, p.item.limits);
        if (!refusal) return [{ pending: p, decision: null }];
        p.reject(new AppError(refusal.reason, REASON_TEXT[refusal.reason], { category: refusal.category }));
        return [];
      });
    },
    async write(accepted) {
      const written = await writeSets(
        db,
        accepted.map((d) => d.pending.item),
      );
      accepted.forEach(({ pending }, i) => {
        const { open, rows } = written[i]!;
        if (open) pending.resolve(rows);
        else pending.reject(new AppError('WINDOW_CLOSED', REASON_TEXT.WINDOW_CLOSED, { state: 'closed' }));
      });
    },
  });
}
