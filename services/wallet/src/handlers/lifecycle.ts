import { sql, type Kysely } from 'kysely';
import { wallet } from '@voucher/contracts';
import { outboxInsert, requireRole } from '@voucher/bus';
import { movesToTell } from '../domain/reminders.ts';
import { movedEvent } from '../store/voucher-moves.ts';
import { inBatches } from '@voucher/db';
import type { WalletDeps } from './deps.ts';

const BATCH = 5000;

/**
 * Ends vouchers with their `-` entry, a batch at a time. Vouchers a payment
 * holds right now are skipped (SKIP LOCKED) and taken at the next run, so the
 * job never waits on a payment and a payment never pays with an ended voucher.
 * The reminded ones among them are told (`evt.wallet.voucher.moved`, issue
 * 18 item 3) in the same transaction.
 */
async function endVouchers(
  db: Kysely<any>,
  kind: 'expiry' | 'reclaim',
  due: ReturnType<typeof sql<boolean>>,
): Promise<number> {
  const state = kind === 'expiry' ? 'expired' : 'reclaimed';
  const note = kind === 'expiry' ? '过期失效' : '逾期未使用收回';
  return inBatches(BATCH, () =>
    db.transaction().execute(async (trx) => {
      const ended = (
        await sql<{ id: string; enterprise_id: string; balance: number; number: string; reminded: boolean }>`
          WITH due AS (SELECT id, balance FROM vouchers v WHERE v.state = 'available' AND ${due}
                       LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          UPDATE vouchers v SET state = ${state}, balance = 0 FROM due WHERE v.id = due.id
          RETURNING v.id, v.enterprise_id, due.balance, v.number::text AS number, v.reminded`.execute(trx)
      ).rows;
      if (ended.length === 0) return 0;
      await sql`INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, note)
                SELECT gen_random_uuid(), e.id, e.enterprise_id, ${kind}, -e.balance, 0, ${note}
                FROM unnest(${ended.map((e) => e.id)}::uuid[], ${ended.map((e) => e.enterprise_id)}::uuid[],
                            ${ended.map((e) => e.balance)}::bigint[]) AS e(id, enterprise_id, balance)`.execute(trx);
      const told = movesToTell(
        ended.map((e) => ({ voucherId: e.id, from: 'available' as const, to: state, reminded: e.reminded })),
      );
      if (told.length > 0) {
        const byId = new Map(ended.map((e) => [e.id, e]));
        const at = new Date();
        await outboxInsert(
          told.map((m) => {
            const e = byId.get(m.voucherId)!;
            return movedEvent(
              m,
              { number: e.number, enterpriseId: e.enterprise_id, reminded: null },
              { cause: kind, orderId: null, at },
            );
          }),
        ).execute(trx);
      }
      return ended.length;
    }),
  );
}

export function registerLifecycleHandlers({ bus, db, reclaimDays, ledgerChecks }: WalletDeps): void {
  // WAL-6: unused vouchers expire at their expiry
  bus.handle(wallet.expireDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    return { expired: await endVouchers(db, 'expiry', sql<boolean>`v.expires_at <= now()`) };
  });

  // WAL-6: the programme takes back drawn vouchers left untouched N days after their publication (0: never)
  bus.handle(wallet.reclaimDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    if (reclaimDays <= 0) return { reclaimed: 0 };
    return {
      reclaimed: await endVouchers(
        db,
        'reclaim',
        sql<boolean>`v.source_kind = 'draw' AND v.balance = v.face_value
                     AND v.visible_from <= now() - make_interval(days => ${reclaimDays})`,
      ),
    };
  });

  // WAL-3: every voucher's issue entry is its face value and its entries sum to its balance; overall,
  // issued = balances + paid - refunded + forfeited + expired + reclaimed
  bus.handle(wallet.integrity, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const mismatches = (
      await sql<{ voucher_id: string; problem: string }>`
        SELECT v.id AS voucher_id,
               CASE WHEN coalesce(sum(l.amount) FILTER (WHERE l.kind = 'issue'), 0) <> v.face_value
                    THEN 'issue entry differs from the face value'
                    ELSE 'entries do not sum to the balance' END AS problem
        FROM vouchers v LEFT JOIN ledger l ON l.voucher_id = v.id
        GROUP BY v.id
        HAVING coalesce(sum(l.amount) FILTER (WHERE l.kind = 'issue'), 0) <> v.face_value
            OR coalesce(sum(l.amount), 0) <> v.balance
        LIMIT 1000`.execute(db)
    ).rows;
    const t = (
      await sql<Record<string, number>>`
        SELECT (SELECT count(*) FROM vouchers)::bigint AS vouchers,
               (SELECT coalesce(sum(balance), 0) FROM vouchers)::bigint AS balances,
               coalesce(sum(amount) FILTER (WHERE kind = 'issue'), 0)::bigint AS issued,
               coalesce(-sum(amount) FILTER (WHERE kind = 'payment'), 0)::bigint AS paid,
               coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunded,
               coalesce(-sum(amount) FILTER (WHERE kind = 'forfeit'), 0)::bigint AS forfeited,
               coalesce(-sum(amount) FILTER (WHERE kind = 'expiry'), 0)::bigint AS expired,
               coalesce(-sum(amount) FILTER (WHERE kind = 'reclaim'), 0)::bigint AS reclaimed
        FROM ledger`.execute(db)
    ).rows[0]!;
    const totals = {
      issued: t.issued!,
      balances: t.balances!,
      paid: t.paid!,
      refunded: t.refunded!,
      forfeited: t.forfeited!,
      expired: t.expired!,
      reclaimed: t.reclaimed!,
    };
    const balanced =
      totals.issued ===
      totals.balances + totals.paid - totals.refunded + totals.forfeited + totals.expired + totals.reclaimed;
    const report = {
      ok: balanced && mismatches.length === 0,
      checkedAt: new Date().toISOString(),
      vouchers: t.vouchers!,
      mismatches: mismatches.map((m) => ({ voucherId: m.voucher_id, problem: m.problem })),
      totals,
    };
    if (!report.ok)
      ctx.log.error(
        { alert: 'ledger_integrity', mismatches: report.mismatches.length, totals },
        'ledger identities broken',
      );
    // issue 19: what the alert on the ledger reads, from any replica
    await ledgerChecks.record({ ok: report.ok, checkedAt: report.checkedAt });
    return report;
  });
}
