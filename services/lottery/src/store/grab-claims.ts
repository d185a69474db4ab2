import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, lotteryEvents } from '@voucher/contracts';
import { outboxInsert, prepareEvent } from '@voucher/bus';
import { groupIntake } from '@voucher/kit';
import { CLAIM_REFUSAL_TEXT, whyNotClaimable, type ClaimRefusal, type ClaimWritten } from '../domain/grab-claim.ts';
import { REASON_TEXT } from '../domain/reservable.ts';
import { lockCategories } from './category-locks.ts';
import type { GrabStock } from './grab-stock.ts';
import { readStandings } from './reservation-intake.ts';
import type { DB as LotteryDb } from './db.ts';

/** A first-come category of a campaign: its window, stock and annual limit (LOT-9, LOT-4). */
export interface FirstComeTerms {
  campaign_id: string;
  year: number;
  opens_at: Date;
  closes_at: Date;
  finished_at: Date | null;
  mode: string;
  stock: number | null;
  annual_limit: number;
}

export async function readFirstComeTerms(
  db: Kysely<LotteryDb>,
  campaignId: string,
  code: string,
): Promise<FirstComeTerms | undefined> {
  return (
    await sql<FirstComeTerms>`
      SELECT c.id AS campaign_id, c.year, c.opens_at, c.closes_at, c.finished_at, c.mode, cc.stock, cat.annual_limit
      FROM campaigns c JOIN campaign_categories cc ON cc.campaign_id = c.id JOIN categories cat ON cat.code = cc.category_code
      WHERE c.id = ${campaignId} AND cc.category_code = ${code}`.execute(db)
  ).rows[0];
}

/**
 * Rebuilds a category's Redis stock from PostgreSQL (after a Redis restart,
 * or the first claim). The category lock is taken exclusively, so no group
 * of claims is half-recorded while the claimants are counted.
 */
export async function rebuildStock(
  db: Kysely<LotteryDb>,
  stock: GrabStock,
  campaignId: string,
  code: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockCategories(trx, [code]);
    const terms = await readFirstComeTerms(trx, campaignId, code);
    const claimants = (
      await sql<{ enterprise_id: string }>`SELECT enterprise_id FROM reservations
        WHERE campaign_id = ${campaignId} AND category_code = ${code} AND state = 'won'`.execute(trx)
    ).rows.map((r) => r.enterprise_id);
    await stock.load(campaignId, code, (terms?.stock ?? 0) - claimants.length, claimants);
  });
}

/** Per category of a campaign, its stock and what is left of it, as PostgreSQL has handed it out. */
export async function readStockLeft(db: Kysely<LotteryDb>, campaignId: string) {
  const rows = (
    await sql<{ category_code: string; stock: number | null; claimed: number }>`
      SELECT cc.category_code, cc.stock,
             (SELECT count(*)::int FROM grab_slots g WHERE g.campaign_id = cc.campaign_id AND g.category_code = cc.category_code
                AND g.reservation_id IS NOT NULL) AS claimed
      FROM campaign_categories cc WHERE cc.campaign_id = ${campaignId} ORDER BY cc.category_code COLLATE "C"`.execute(
      db,
    )
  ).rows;
  return rows.map((r) => ({ category: r.category_code, total: r.stock ?? 0, remaining: (r.stock ?? 0) - r.claimed }));
}

/** A claim Redis admitted, to be recorded (LOT-9). */
export interface GrabClaim {
  campaignId: string;
  category: string;
  enterpriseId: string;
  /** the campaign's programme year and the category's annual limit as the claim's terms said; the write re-reads the limit */
  year: number;
  annualLimit: number;
  /** the request that made the claim, named by the event of its group's wins */
  requestId: string;
}

export interface ClaimRecorded {
  reservationId: string;
  category: string;
  state: 'won';
}

export function claimRefused(reason: ClaimRefusal, category: string): AppError {
  const text =
    reason === 'ALREADY_RESERVED' || reason === 'SOLD_OUT' ? CLAIM_REFUSAL_TEXT[reason] : REASON_TEXT[reason];
  return new AppError(reason, text, { category });
}

/**
 * LOT-9 for a group of admitted claims of one category of one campaign, in
 * one transaction of two statements under the category's lock (LOT-4,
 * shared among grabs, exclusive for a draw). The first records every claim
 * it can at once and says, per claim, why it did not record the others: the
 * annual limit as it stands under the lock (LOT-4), an earlier claim (the
 * unique reservation, ON CONFLICT DO NOTHING), or no free `grab_slots` row
 * left (SOLD_OUT: PostgreSQL cannot hand out more than the stock, whatever
 * Redis believed). A refusal is a row of the answer, never an error, so one
 * claim's refusal costs the others nothing. The second statement takes back
 * the reservations that found no slot and appends the group's one
 * `winsRecorded` event: a grab's wins are one category of one campaign, so
 * the wallet issues the group's vouchers in one transaction (LOT-8).
 * `annual_limit_never_exceeded` stays the backstop of two grabs of one
 * enterprise running in two campaigns at once.
 */
async function writeClaims(
  db: Kysely<LotteryDb>,
  campaignId: string,
  code: string,
  claims: { reservationId: string; enterpriseId: string; requestId: string }[],
): Promise<ClaimWritten[]> {
  return db.transaction().execute(async (trx) => {
    await lockCategories(trx, [code], 'shared');
    const outcomes = (
      await sql<{ outcome: ClaimWritten }>`
        WITH req AS (
          SELECT * FROM unnest(${claims.map((_, i) => i)}::int[], ${claims.map((c) => c.reservationId)}::uuid[],
                               ${claims.map((c) => c.enterpriseId)}::uuid[]) AS r(idx, id, enterprise_id)
        ), terms AS (
          SELECT c.year, cat.annual_limit FROM campaigns c, categories cat WHERE c.id = ${campaignId} AND cat.code = ${code}
        ), room AS (
          SELECT req.* FROM req, terms
          WHERE coalesce((SELECT w.wins FROM annual_wins w WHERE w.enterprise_id = req.enterprise_id
                            AND w.category_code = ${code} AND w.year = terms.year), 0) < terms.annual_limit
        ), reserved AS (
          INSERT INTO reservations (id, campaign_id, enterprise_id, category_code, state)
          SELECT id, ${campaignId}, enterprise_id, ${code}, 'won' FROM room ORDER BY enterprise_id
          ON CONFLICT (campaign_id, enterprise_id, category_code) DO NOTHING
          RETURNING id
        ), free AS (
          -- exactly as many slots as claims to record: a slot locked and left unused would be skipped by others
          SELECT slot FROM grab_slots
          WHERE campaign_id = ${campaignId} AND category_code = ${code} AND reservation_id IS NULL
          ORDER BY slot LIMIT (SELECT count(*) FROM reserved) FOR UPDATE SKIP LOCKED
        ), paired AS (
          SELECT r.id, f.slot
          FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM reserved) r
          JOIN (SELECT slot, row_number() OVER (ORDER BY slot) AS n FROM free) f USING (n)
        ), taken AS (
          -- the group's slots by their keys: with the statistics of slots made moments ago, a join alone was
          -- planned as a pass over the whole stock for each claim (8-26 ms for a group of a 1,000 stock)
          UPDATE grab_slots g SET reservation_id = p.id FROM paired p
          WHERE g.campaign_id = ${campaignId} AND g.category_code = ${code}
            AND g.slot = ANY(ARRAY(SELECT slot FROM paired)) AND g.slot = p.slot
          RETURNING g.reservation_id AS id
        ), won AS (
          SELECT req.id, req.enterprise_id FROM taken JOIN req USING (id)
        ), recorded AS (
          INSERT INTO wins (id, enterprise_id, category_code, year, source, campaign_id, reservation_id)
          SELECT won.id, won.enterprise_id, ${code}, terms.year, 'grab', ${campaignId}, won.id FROM won, terms
        ), counted AS (
          INSERT INTO annual_wins (enterprise_id, category_code, year, wins, win_limit)
          SELECT won.enterprise_id, ${code}, terms.year, 1, terms.annual_limit FROM won, terms ORDER BY won.enterprise_id
          ON CONFLICT (enterprise_id, category_code, year)
          DO UPDATE SET wins = annual_wins.wins + 1, win_limit = EXCLUDED.win_limit
        )
        -- an earlier claim in this campaign is the answer before the limit it counts towards; the statement's
        -- snapshot holds the claims committed before it, a conflict the one committed while it waited
        SELECT CASE WHEN EXISTS (SELECT 1 FROM taken t WHERE t.id = req.id) THEN 'won'
                    WHEN EXISTS (SELECT 1 FROM reservations x WHERE x.campaign_id = ${campaignId}
                                   AND x.enterprise_id = req.enterprise_id AND x.category_code = ${code}) THEN 'ALREADY_RESERVED'
                    WHEN NOT EXISTS (SELECT 1 FROM room WHERE room.idx = req.idx) THEN 'ANNUAL_LIMIT_REACHED'
                    WHEN NOT EXISTS (SELECT 1 FROM reserved x WHERE x.id = req.id) THEN 'ALREADY_RESERVED'
                    ELSE 'SOLD_OUT' END AS outcome
        FROM req ORDER BY req.idx`.execute(trx)
    ).rows.map((r) => r.outcome);

    const won = claims.filter((_, i) => outcomes[i] === 'won');
    // a reservation is only ever made for a claim that found a slot: the rest are taken back
    const unslotted = claims.filter((_, i) => outcomes[i] === 'SOLD_OUT').map((c) => c.reservationId);
    const announce =
      won.length === 0
        ? null
        : outboxInsert([
            prepareEvent(
              lotteryEvents.winsRecorded,
              {
                batchId: null,
                campaignId,
                category: code,
                source: 'grab',
                visibleFrom: null,
                chunk: 0,
                wins: won.map((c) => ({
                  winId: c.reservationId,
                  enterpriseId: c.enterpriseId,
                  reservationId: c.reservationId,
                })),
              },
              // one event for the group's wins: it names the request of the group's first win
              { requestId: won[0]!.requestId },
            ),
          ]);
    const takeBack = sql`DELETE FROM reservations WHERE id = ANY(${unslotted}::uuid[])`;
    if (announce && unslotted.length > 0) await sql`WITH gone AS (${takeBack}) ${announce}`.execute(trx);
    else if (announce) await announce.execute(trx);
    else if (unslotted.length > 0) await takeBack.execute(trx);
    return outcomes;
  });
}

const isDeadlock = (err: unknown) => ['40001', '40P01'].includes((err as { code?: string }).code ?? '');

/** The backstop's refusal, for a claim written alone after its group failed on it. */
function refusalOfFailure(err: unknown, code: string): unknown {
  return (err as { constraint?: string }).constraint === 'annual_limit_never_exceeded'
    ? claimRefused('ANNUAL_LIMIT_REACHED', code)
    : err;
}

/**
 * The claims of one category of one campaign go through a group intake
 * (libs/kit): the claims arriving together are checked in one read (LOT-3/4
 * standing: qualification, completeness, this year's wins, an earlier claim)
 * while the group before them is written, then written together by
 * `writeClaims`. One enterprise's claims are never in groups under way
 * together, so a second claim reads the first one's reservation. A group
 * whose transaction fails is written again claim by claim, so a failure is
 * only its own claim's.
 */
function categoryIntake(db: Kysely<LotteryDb>, campaignId: string, code: string) {
  return groupIntake<GrabClaim, ClaimRecorded, string>({
    keyOf: (claim) => claim.enterpriseId,
    passing: isDeadlock,
    async decide(group) {
      const standings = await readStandings(
        db,
        group.map(({ item }) => ({ enterpriseId: item.enterpriseId, campaignId, year: item.year })),
      );
      return group.flatMap((pending, i) => {
        const refusal = whyNotClaimable(standings[i]!, code, pending.item.annualLimit);
        if (!refusal) return [{ pending, decision: uuidv7() }];
        pending.reject(claimRefused(refusal, code));
        return [];
      });
    },
    async write(decided) {
      const outcomes = await writeClaims(
        db,
        campaignId,
        code,
        decided.map(({ pending, decision }) => ({
          reservationId: decision,
          enterpriseId: pending.item.enterpriseId,
          requestId: pending.item.requestId,
        })),
      ).catch((err: unknown) => {
        throw refusalOfFailure(err, code);
      });
      decided.forEach(({ pending, decision }, i) => {
        const outcome = outcomes[i]!;
        if (outcome === 'won') pending.resolve({ reservationId: decision, category: code, state: 'won' });
        else pending.reject(claimRefused(outcome, code));
      });
    },
  });
}

/**
 * Records admitted claims durably (LOT-9): `recordClaim` takes one claim and
 * answers it, won or refused (ALREADY_RESERVED, SOLD_OUT, ANNUAL_LIMIT_REACHED,
 * NOT_QUALIFIED, DATA_INCOMPLETE); behind it, the claims arriving together
 * are one transaction. The caller gives back the Redis admission of every
 * claim that did not end won.
 */
export function grabClaims(db: Kysely<LotteryDb>) {
  const intakes = new Map<string, ReturnType<typeof categoryIntake>>();
  return {
    recordClaim(claim: GrabClaim): Promise<ClaimRecorded> {
      const key = `${claim.campaignId}:${claim.category}`;
      let intake = intakes.get(key);
      if (!intake) {
        intake = categoryIntake(db, claim.campaignId, claim.category);
        intakes.set(key, intake);
      }
      return intake.submit(claim);
    },
  };
}
