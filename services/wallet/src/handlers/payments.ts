import { v7 as uuidv7 } from 'uuid';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError, wallet, type Caller, type WalletSettings } from '@voucher/contracts';
import { requireRole, type Bus, type HandlerContext } from '@voucher/bus';
import { checkDeduction, providerCapBreach, type Deduction, type VoucherForPayment } from '../domain/deduction.ts';
import { readSettings } from '../store/settings.ts';
import { checkPin, type PinDeps } from './pin.ts';

class AlreadyPaid extends Error {}

async function paymentView(db: Kysely<any>, orderId: string) {
  const p = (
    await sql<{ order_id: string; enterprise_id: string; state: 'paid' | 'refunded' | 'void'; total: number }>`
      SELECT order_id, enterprise_id, state, total FROM payments WHERE order_id = ${orderId}`.execute(db)
  ).rows[0];
  if (!p) return undefined;
  const lines = (
    await sql<{
      voucher_id: string;
      number: string;
      category_code: string;
      issued_at: Date;
      amount: number;
      forfeited: number;
      balance_after: number;
    }>`
      SELECT l.voucher_id, v.number::text AS number, v.category_code, v.visible_from AS issued_at, l.amount, l.forfeited,
             l.balance_after
      FROM payment_lines l JOIN vouchers v ON v.id = l.voucher_id WHERE l.order_id = ${orderId} ORDER BY l.voucher_id`.execute(
      db,
    )
  ).rows;
  return {
    enterpriseId: p.enterprise_id,
    view: {
      orderId: p.order_id,
      state: p.state,
      total: p.total,
      lines: lines.map((l) => ({
        voucherId: l.voucher_id,
        voucherNumber: l.number,
        category: l.category_code,
        issuedAt: l.issued_at.toISOString(),
        amount: l.amount,
        forfeited: l.forfeited,
        balanceAfter: l.balance_after,
      })),
    },
  };
}

async function lockVouchers(
  trx: Transaction<any>,
  ids: string[],
): Promise<(VoucherForPayment & { number: string; issuedAt: Date })[]> {
  // in id order, so two payments sharing vouchers cannot deadlock
  return (
    await sql<VoucherForPayment & { number: string; issuedAt: Date }>`
      SELECT id, enterprise_id AS "enterpriseId", category_code AS "categoryCode", balance, state, expires_at AS "expiresAt",
             redemption_mode AS "redemptionMode", city, number::text AS number, visible_from AS "issuedAt"
      FROM vouchers WHERE id = ANY(${ids}::uuid[]) AND visible_from <= now() ORDER BY id FOR UPDATE`.execute(trx)
  ).rows;
}

/**
 * ORD-9 under a lock per provider and city, so two payments to one provider
 * cannot both slip under the cap.
 */
async function assertProviderCap(
  trx: Transaction<any>,
  providerId: string,
  lines: { voucherId: string; amount: number }[],
  vouchers: VoucherForPayment[],
  settings: WalletSettings,
): Promise<void> {
  const byCity = new Map<string, number>();
  for (const l of lines) {
    const city = vouchers.find((v) => v.id === l.voucherId)!.city;
    byCity.set(city, (byCity.get(city) ?? 0) + l.amount);
  }
  for (const [city, amount] of [...byCity].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const issuanceTotal = settings.cityIssuanceTotals[city];
    if (issuanceTotal === undefined) continue;
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`wallet:cap:${providerId}:${city}`}))`.execute(trx);
    const received = (
      await sql<{ received: number }>`
        SELECT coalesce(sum(pl.amount), 0)::bigint AS received FROM payment_lines pl
        JOIN payments p ON p.order_id = pl.order_id JOIN vouchers v ON v.id = pl.voucher_id
        WHERE p.provider_id = ${providerId} AND p.state = 'paid' AND v.city = ${city}`.execute(trx)
    ).rows[0]!.received;
    const breach = providerCapBreach({
      city,
      amount,
      receivedSoFar: received,
      issuanceTotal,
      capPercent: settings.providerCapPercent,
    });
    if (breach) {
      throw new AppError('PROVIDER_CAP_REACHED', `this provider has reached its share of ${city}'s vouchers`, {
        city,
        cap: breach.cap,
        received,
      });
    }
  }
}

function payerOf(ctx: HandlerContext): Caller {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'log in first');
  if (ctx.caller.role !== 'enterprise') throw new AppError('FORBIDDEN', 'vouchers are spent by their enterprise');
  return ctx.caller;
}

/**
 * WAL-5: an order's deducted amounts (and what a single-use voucher forfeited)
 * back on their vouchers, each with its + entry; the payment is refunded.
 * Returns the vouchers it touched. Runs under the payment's row lock.
 */
async function returnDeduction(trx: Transaction<any>, orderId: string, enterpriseId: string): Promise<string[]> {
  const lines = (
    await sql<{ voucher_id: string; amount: number; forfeited: number }>`
      SELECT voucher_id, amount, forfeited FROM payment_lines WHERE order_id = ${orderId} ORDER BY voucher_id`.execute(
      trx,
    )
  ).rows;
  for (const l of lines) {
    const back = l.amount + l.forfeited;
    const v = (
      await sql<{ balance: number }>`
        UPDATE vouchers SET balance = balance + ${back},
          state = CASE WHEN expires_at <= now() THEN 'expired' ELSE 'available' END
        WHERE id = ${l.voucher_id} RETURNING balance`.execute(trx)
    ).rows[0]!;
    await sql`INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
              VALUES (${uuidv7()}, ${l.voucher_id}, ${enterpriseId}, 'refund', ${back}, ${v.balance}, ${orderId}, '订单取消退回')`.execute(
      trx,
    );
  }
  await sql`UPDATE payments SET state = 'refunded', refunded_at = now() WHERE order_id = ${orderId}`.execute(trx);
  return lines.map((l) => l.voucher_id);
}

/**
 * WAL-4's writes in one statement: the payment, its lines, the vouchers'
 * new balances and their `-` entries (and a single-use voucher's forfeit).
 * Writes nothing, and answers false, if the order already has a payment.
 */
async function writePayment(
  trx: Transaction<any>,
  orderId: string,
  payerId: string,
  providerId: string,
  decision: Extract<Deduction, { ok: true }>,
  vouchers: VoucherForPayment[],
): Promise<boolean> {
  const balanceOf = new Map(vouchers.map((v) => [v.id, v.balance]));
  const entries = decision.lines.flatMap((l) => [
    {
      voucherId: l.voucherId,
      kind: 'payment',
      amount: -l.amount,
      after: balanceOf.get(l.voucherId)! - l.amount,
      note: '下单抵扣',
    },
    ...(l.forfeited > 0
      ? [{ voucherId: l.voucherId, kind: 'forfeit', amount: -l.forfeited, after: 0, note: '单次使用券余额作废' }]
      : []),
  ]);
  const lines = decision.lines;
  const result = await sql<{ paid: number }>`
    WITH pay AS (
      INSERT INTO payments (order_id, enterprise_id, provider_id, total, state, city)
      VALUES (${orderId}, ${payerId}, ${providerId}, ${decision.total}, 'paid', ${vouchers[0]!.city})
      ON CONFLICT (order_id) DO NOTHING RETURNING order_id
    ), lines AS (
      INSERT INTO payment_lines (order_id, voucher_id, amount, forfeited, balance_after)
      SELECT pay.order_id, l.voucher_id, l.amount, l.forfeited, l.balance_after
      FROM pay, unnest(${lines.map((l) => l.voucherId)}::uuid[], ${lines.map((l) => l.amount)}::bigint[],
                       ${lines.map((l) => l.forfeited)}::bigint[], ${lines.map((l) => l.balanceAfter)}::bigint[])
        AS l(voucher_id, amount, forfeited, balance_after)
    ), spent AS (
      UPDATE vouchers v SET balance = l.balance_after, state = CASE WHEN l.balance_after = 0 THEN 'used' ELSE v.state END
      FROM pay, unnest(${lines.map((l) => l.voucherId)}::uuid[], ${lines.map((l) => l.balanceAfter)}::bigint[])
        AS l(voucher_id, balance_after)
      WHERE v.id = l.voucher_id
    ), entries AS (
      INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
      SELECT e.id, e.voucher_id, ${payerId}, e.kind, e.amount, e.balance_after, pay.order_id, e.note
      FROM pay, unnest(${entries.map(() => uuidv7())}::uuid[], ${entries.map((e) => e.voucherId)}::uuid[],
                       ${entries.map((e) => e.kind)}::text[], ${entries.map((e) => e.amount)}::bigint[],
                       ${entries.map((e) => e.after)}::bigint[], ${entries.map((e) => e.note)}::text[])
        AS e(id, voucher_id, kind, amount, balance_after, note)
    )
    SELECT count(*)::int AS paid FROM pay`.execute(trx);
  return result.rows[0]!.paid === 1;
}

export function registerPaymentHandlers(bus: Bus, db: Kysely<any>, pins: PinDeps): void {
  // WAL-4: pay — its compensation, refund, follows below
  bus.handle(wallet.pay, async (req, ctx) => {
    const payer = payerOf(ctx);
    const before = await paymentView(db, req.orderId);
    // a retry of a paid order answers what was paid, and deducts nothing more
    if (before) {
      if (before.enterpriseId !== payer.userId) throw new AppError('NOT_FOUND', 'order not found');
      if (before.view.state === 'void') {
        throw new AppError('INVALID_STATE', 'this order gave up waiting for its payment', { state: 'void' });
      }
      return before.view;
    }
    await checkPin(pins, payer.userId, req.pin);
    const settings = await readSettings(db);
    // WAL-4: the programme's ratio applies to every order; an order may only tighten it
    const ratio = [req.deductionRatioPercent, settings.deductionRatioPercent ?? undefined].filter(
      (r) => r !== undefined,
    );
    const rules = { ...req, ...(ratio.length ? { deductionRatioPercent: Math.min(...ratio) } : {}) };
    try {
      return await db.transaction().execute(async (trx) => {
        const vouchers = await lockVouchers(
          trx,
          req.vouchers.map((v) => v.voucherId),
        );
        const decision = checkDeduction(rules, payer.userId, vouchers, new Date());
        if (!decision.ok) throw new AppError(decision.refusal.code, decision.refusal.message, decision.refusal.details);
        await assertProviderCap(trx, req.providerId, decision.lines, vouchers, settings);
        const written = await writePayment(trx, req.orderId, payer.userId, req.providerId, decision, vouchers);
        // the same order paid at the same moment: the other one won, this one changes nothing
        if (!written) throw new AlreadyPaid();
        const lines = decision.lines.map((l) => {
          const v = vouchers.find((x) => x.id === l.voucherId)!;
          return { ...l, voucherNumber: v.number, category: v.categoryCode, issuedAt: v.issuedAt.toISOString() };
        });
        return { orderId: req.orderId, state: 'paid' as const, total: decision.total, lines };
      });
    } catch (err) {
      if (err instanceof AlreadyPaid || (err as { constraint?: string }).constraint === 'payments_pkey') {
        const view = (await paymentView(db, req.orderId))!.view;
        if (view.state === 'void') {
          throw new AppError('INVALID_STATE', 'this order gave up waiting for its payment', { state: 'void' });
        }
        return view;
      }
      throw err;
    }
  });

  // the saga's fence: whatever pay did or will do for this order is settled by this one row
  bus.handle(wallet.settlePaymentAttempt, async ({ orderId, enterpriseId, providerId }, ctx) => {
    requireRole(ctx, 'scheduler');
    await sql`INSERT INTO payments (order_id, enterprise_id, provider_id, total, state)
              VALUES (${orderId}, ${enterpriseId}, ${providerId}, 0, 'void')
              ON CONFLICT (order_id) DO NOTHING`.execute(db);
    return (await paymentView(db, orderId))!.view;
  });

  // WAL-5: the deducted amounts come back once; a voucher past its validity comes back expired
  bus.handle(wallet.refund, async ({ orderId }, ctx) => {
    if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'log in first');
    const caller = ctx.caller;
    return db.transaction().execute(async (trx) => {
      const p = (
        await sql<{
          enterprise_id: string;
          state: string;
        }>`SELECT enterprise_id, state FROM payments WHERE order_id = ${orderId}
          FOR UPDATE`.execute(trx)
      ).rows[0];
      const allowed =
        p && (p.enterprise_id === caller.userId || caller.role === 'admin' || caller.role === 'scheduler');
      if (!p || !allowed) throw new AppError('NOT_FOUND', 'no payment for this order');
      if (p.state === 'paid') await returnDeduction(trx, orderId, p.enterprise_id);
      return (await paymentView(trx, orderId))!.view;
    });
  });

  // ORD-5: an order without its contract in time: the deduction comes back, then the vouchers go
  bus.handle(wallet.reclaimOrder, async ({ orderId }, ctx) => {
    requireRole(ctx, 'scheduler');
    return db.transaction().execute(async (trx) => {
      const p = (
        await sql<{ enterprise_id: string; state: string }>`SELECT enterprise_id, state FROM payments
          WHERE order_id = ${orderId} FOR UPDATE`.execute(trx)
      ).rows[0];
      if (!p) throw new AppError('NOT_FOUND', 'no payment for this order');
      if (p.state !== 'paid') return (await paymentView(trx, orderId))!.view;
      const vouchers = await returnDeduction(trx, orderId, p.enterprise_id);
      const ended = (
        await sql<{ id: string; balance: number }>`
          WITH held AS (SELECT id, balance FROM vouchers WHERE id = ANY(${vouchers}::uuid[]) AND balance > 0 FOR UPDATE)
          UPDATE vouchers v SET state = 'reclaimed', balance = 0 FROM held WHERE v.id = held.id
          RETURNING v.id, held.balance`.execute(trx)
      ).rows;
      for (const v of ended) {
        await sql`INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
                  VALUES (${uuidv7()}, ${v.id}, ${p.enterprise_id}, 'reclaim', ${-v.balance}, 0, ${orderId}, '未按期上传合同收回')`.execute(
          trx,
        );
      }
      return (await paymentView(trx, orderId))!.view;
    });
  });
}
