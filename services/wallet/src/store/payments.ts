import { sql, type Kysely, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { outboxInsertEach } from '@voucher/bus';
import type { Payment } from '@voucher/contracts';
import type { Deduction, VoucherForPayment } from '../domain/deduction.ts';
import type { VoucherMove } from '../domain/reminders.ts';
import { movedEvent } from './voucher-moves.ts';
import type { DB as WalletDb } from './db.ts';

/** A voucher as a payment reads it; `reminded`: a deadline of it was reminded (issue 18 item 3). */
type VoucherRead = VoucherForPayment & { number: string; issuedAt: Date; reminded: boolean };

/** An order's payment with its lines, as the wallet answers it. */
export async function paymentView(
  db: Kysely<WalletDb>,
  orderId: string,
): Promise<{ enterpriseId: string; view: Payment } | undefined> {
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

export interface PayerAsked {
  orderId: string;
  enterpriseId: string;
  providerId: string;
  voucherIds: string[];
}

export interface PayerRead {
  /** the order already has a payment (made, or called off by the saga's fence) */
  paid: boolean;
  pin: { salt: Buffer; hash: Buffer } | null;
  /** the asked vouchers that exist and are visible, without a lock */
  vouchers: VoucherRead[];
  /** what the provider has received so far, per city (ORD-9) */
  received: Record<string, number>;
}

type VoucherJson = Omit<VoucherRead, 'expiresAt' | 'issuedAt'> & { expiresAt: string; issuedAt: string };

/** Everything a group of payments is decided on (WAL-2, WAL-4, ORD-9), in one round trip and without locks. */
export async function readPayers(db: Kysely<WalletDb>, asked: PayerAsked[]): Promise<PayerRead[]> {
  const wanted = asked.flatMap((a, idx) => a.voucherIds.map((id) => ({ idx, id })));
  const rows = (
    await sql<{
      paid: boolean;
      salt: Buffer | null;
      hash: Buffer | null;
      vouchers: VoucherJson[];
      received: Record<string, number>;
    }>`
      WITH item AS (
        SELECT * FROM unnest(${asked.map((_, i) => i)}::int[], ${asked.map((a) => a.orderId)}::uuid[],
                             ${asked.map((a) => a.enterpriseId)}::uuid[], ${asked.map((a) => a.providerId)}::uuid[])
          AS i(idx, order_id, enterprise_id, provider_id)
      ), wanted AS (
        SELECT * FROM unnest(${wanted.map((w) => w.idx)}::int[], ${wanted.map((w) => w.id)}::uuid[]) AS w(idx, voucher_id)
      )
      SELECT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = i.order_id) AS paid, k.salt, k.hash,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'enterpriseId', v.enterprise_id,
                  'categoryCode', v.category_code, 'balance', v.balance, 'state', v.state, 'expiresAt', v.expires_at,
                  'redemptionMode', v.redemption_mode, 'city', v.city, 'number', v.number::text,
                  'issuedAt', v.visible_from, 'reminded', v.reminded)), '[]')
         FROM wanted w JOIN vouchers v ON v.id = w.voucher_id AND v.visible_from <= now() WHERE w.idx = i.idx) AS vouchers,
        (SELECT coalesce(jsonb_object_agg(r.city, r.received), '{}') FROM provider_receipts r
         WHERE r.provider_id = i.provider_id) AS received
      FROM item i
      -- looked up by key for each payment (LIMIT keeps the planner from hashing a whole table for a group of a few)
      LEFT JOIN LATERAL (SELECT salt, hash FROM pins WHERE enterprise_id = i.enterprise_id LIMIT 1) k ON true
      ORDER BY i.idx`.execute(db)
  ).rows;
  return rows.map((r) => ({
    paid: r.paid,
    pin: r.salt && r.hash ? { salt: r.salt, hash: r.hash } : null,
    vouchers: r.vouchers.map((v) => ({ ...v, expiresAt: new Date(v.expiresAt), issuedAt: new Date(v.issuedAt) })),
    received: Object.fromEntries(Object.entries(r.received).map(([city, n]) => [city, Number(n)])),
  }));
}

export interface PaymentToWrite {
  orderId: string;
  enterpriseId: string;
  providerId: string;
  deduction: Deduction;
  /** the vouchers as the decision read them */
  vouchers: VoucherRead[];
  /** ORD-9's cap per city, where the city announced its issuance */
  caps: Record<string, number>;
  /** the reminded vouchers it uses up (`paymentMoves`): their `moved` events go with it */
  moves: VoucherMove[];
}

/**
 * WAL-4's writes for a group of payments in one statement: each payment, its
 * lines, the vouchers' new balances, their `-` entries (and a single-use
 * voucher's forfeit) and what the providers received (ORD-9). A voucher is
 * only changed if it still holds what the decision read, and a provider
 * only takes what stays within its cap; otherwise the whole statement stops
 * (`fresh_or_retry`, SQLSTATE 40001) and nothing is written; a voucher
 * reminded since it was read counts as changed, so that its `moved` event is
 * never missed. The `moved` events of the reminded vouchers used up are
 * appended to the outbox in the same statement, a step added only when
 * there are some (a group of vouchers never reminded writes no outbox row). An order that
 * already has a payment (paid at the same moment, or called off by the saga's
 * fence) gets nothing; the answer is the orders that were paid now.
 */
export async function writePayments(db: Kysely<WalletDb>, payments: PaymentToWrite[]): Promise<Set<string>> {
  const lines = payments.flatMap((p) =>
    p.deduction.lines.map((l) => {
      const v = p.vouchers.find((x) => x.id === l.voucherId)!;
      return {
        ...l,
        orderId: p.orderId,
        seenBalance: v.balance,
        seenState: v.state,
        seenReminded: v.reminded,
        city: v.city,
        cap: p.caps[v.city],
      };
    }),
  );
  const entries = payments.flatMap((p) =>
    p.deduction.lines.flatMap((l) => {
      const before = p.vouchers.find((x) => x.id === l.voucherId)!.balance;
      return [
        { p, voucherId: l.voucherId, kind: 'payment', amount: -l.amount, after: before - l.amount, note: '下单抵扣' },
        ...(l.forfeited > 0
          ? [{ p, voucherId: l.voucherId, kind: 'forfeit', amount: -l.forfeited, after: 0, note: '单次使用券余额作废' }]
          : []),
      ];
    }),
  );
  const at = new Date();
  const moved = payments.flatMap((p) =>
    p.moves.map((m) => {
      const v = p.vouchers.find((x) => x.id === m.voucherId)!;
      return {
        entityId: m.voucherId,
        event: movedEvent(
          m,
          { number: v.number, enterpriseId: p.enterpriseId, reminded: null },
          { cause: 'payment', orderId: p.orderId, at },
        ),
      };
    }),
  );
  const result = await sql<{ paid: string[] }>`
    WITH pay AS (
      INSERT INTO payments (order_id, enterprise_id, provider_id, total, state, city)
      SELECT p.order_id, p.enterprise_id, p.provider_id, p.total, 'paid', p.city
      FROM unnest(${payments.map((p) => p.orderId)}::uuid[], ${payments.map((p) => p.enterpriseId)}::uuid[],
                  ${payments.map((p) => p.providerId)}::uuid[], ${payments.map((p) => p.deduction.total)}::bigint[],
                  ${payments.map((p) => p.vouchers[0]!.city)}::text[])
        AS p(order_id, enterprise_id, provider_id, total, city)
      ORDER BY p.order_id
      ON CONFLICT (order_id) DO NOTHING RETURNING order_id, provider_id
    ), paid_line AS (
      SELECT l.*, pay.provider_id
      FROM unnest(${lines.map((l) => l.orderId)}::uuid[], ${lines.map((l) => l.voucherId)}::uuid[],
                  ${lines.map((l) => l.amount)}::bigint[], ${lines.map((l) => l.forfeited)}::bigint[],
                  ${lines.map((l) => l.balanceAfter)}::bigint[], ${lines.map((l) => l.seenBalance)}::bigint[],
                  ${lines.map((l) => l.seenState)}::text[], ${lines.map((l) => l.seenReminded)}::boolean[],
                  ${lines.map((l) => l.city)}::text[], ${lines.map((l) => l.cap ?? null)}::bigint[])
        AS l(order_id, voucher_id, amount, forfeited, balance_after, seen_balance, seen_state, seen_reminded, city, cap)
      JOIN pay ON pay.order_id = l.order_id
    ), lines AS (
      INSERT INTO payment_lines (order_id, voucher_id, amount, forfeited, balance_after)
      SELECT order_id, voucher_id, amount, forfeited, balance_after FROM paid_line
    ), spent AS (
      UPDATE vouchers v SET balance = l.balance_after, state = CASE WHEN l.balance_after = 0 THEN 'used' ELSE v.state END
      FROM paid_line l
      WHERE v.id = l.voucher_id AND v.balance = l.seen_balance AND v.state = l.seen_state
        AND v.reminded = l.seen_reminded
      RETURNING v.id
    ), ${moved.length > 0 ? sql`moved AS (${outboxInsertEach(moved, 'spent')}), ` : sql``}entries AS (
      INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
      SELECT e.id, e.voucher_id, e.enterprise_id, e.kind, e.amount, e.balance_after, e.order_id, e.note
      FROM unnest(${entries.map(() => uuidv7())}::uuid[], ${entries.map((e) => e.voucherId)}::uuid[],
                  ${entries.map((e) => e.p.enterpriseId)}::uuid[], ${entries.map((e) => e.kind)}::text[],
                  ${entries.map((e) => e.amount)}::bigint[], ${entries.map((e) => e.after)}::bigint[],
                  ${entries.map((e) => e.p.orderId)}::uuid[], ${entries.map((e) => e.note)}::text[])
        AS e(id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
      JOIN pay ON pay.order_id = e.order_id
    ), delta AS (
      SELECT provider_id, city, sum(amount)::bigint AS amount, min(cap) AS cap FROM paid_line GROUP BY provider_id, city
    ), received AS (
      INSERT INTO provider_receipts AS r (provider_id, city, received)
      SELECT provider_id, city, amount FROM delta ORDER BY provider_id, city
      ON CONFLICT (provider_id, city) DO UPDATE SET received = r.received + EXCLUDED.received
      RETURNING r.provider_id, r.city, r.received
    )
    SELECT (SELECT coalesce(array_agg(order_id), '{}') FROM pay) AS paid
    WHERE fresh_or_retry((SELECT count(*) FROM spent) = (SELECT count(*) FROM paid_line)
      AND NOT EXISTS (SELECT 1 FROM received r JOIN delta d ON d.provider_id = r.provider_id AND d.city = r.city
                      WHERE r.received > d.cap))`.execute(db);
  return new Set(result.rows[0]!.paid);
}

/**
 * WAL-5: an order's deducted amounts (and what a single-use voucher forfeited)
 * back on their vouchers, each with its + entry; the payment is refunded and
 * the provider no longer counts it (ORD-9). Returns how each voucher it
 * touched moved (for `movesToTell`). Runs under the payment's row lock.
 */
export async function returnDeduction(
  trx: Transaction<WalletDb>,
  orderId: string,
  enterpriseId: string,
): Promise<VoucherMove[]> {
  const lines = (
    await sql<{ voucher_id: string; amount: number; forfeited: number }>`
      SELECT voucher_id, amount, forfeited FROM payment_lines WHERE order_id = ${orderId} ORDER BY voucher_id`.execute(
      trx,
    )
  ).rows;
  const moves: VoucherMove[] = [];
  for (const l of lines) {
    const back = l.amount + l.forfeited;
    const v = (
      await sql<{ balance: number; was: VoucherMove['from']; state: VoucherMove['to']; reminded: boolean }>`
        WITH was AS (SELECT id, state FROM vouchers WHERE id = ${l.voucher_id} FOR UPDATE)
        UPDATE vouchers v SET balance = v.balance + ${back},
          state = CASE WHEN v.expires_at <= now() THEN 'expired' ELSE 'available' END
        FROM was WHERE v.id = was.id RETURNING v.balance, was.state AS was, v.state, v.reminded`.execute(trx)
    ).rows[0]!;
    moves.push({ voucherId: l.voucher_id, from: v.was, to: v.state, reminded: v.reminded });
    await sql`INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
              VALUES (${uuidv7()}, ${l.voucher_id}, ${enterpriseId}, 'refund', ${back}, ${v.balance}, ${orderId}, '订单取消退回')`.execute(
      trx,
    );
  }
  await sql`
    WITH refunded AS (
      UPDATE payments SET state = 'refunded', refunded_at = now() WHERE order_id = ${orderId} RETURNING provider_id
    ), given_back AS (
      SELECT v.city, sum(l.amount)::bigint AS amount FROM payment_lines l JOIN vouchers v ON v.id = l.voucher_id
      WHERE l.order_id = ${orderId} GROUP BY v.city
    )
    UPDATE provider_receipts r SET received = r.received - g.amount
    FROM given_back g, refunded p WHERE r.provider_id = p.provider_id AND r.city = g.city`.execute(trx);
  return moves;
}

/**
 * The orders saga's fence (WAL-4): a payment row for the order, `void` if
 * pay has not written one, so whatever pay did or will do is settled by it.
 */
export async function fencePayment(db: Kysely<WalletDb>, orderId: string, enterpriseId: string, providerId: string) {
  await sql`INSERT INTO payments (order_id, enterprise_id, provider_id, total, state)
            VALUES (${orderId}, ${enterpriseId}, ${providerId}, 0, 'void')
            ON CONFLICT (order_id) DO NOTHING`.execute(db);
}

/** An order's payment under its row lock, for a refund or a reclaim to decide on. */
export async function lockPayment(
  trx: Transaction<WalletDb>,
  orderId: string,
): Promise<{ enterpriseId: string; state: string } | undefined> {
  const p = (
    await sql<{ enterprise_id: string; state: string }>`SELECT enterprise_id, state FROM payments
      WHERE order_id = ${orderId} FOR UPDATE`.execute(trx)
  ).rows[0];
  return p && { enterpriseId: p.enterprise_id, state: p.state };
}

/**
 * ORD-5: the vouchers an overdue order's refund gave back are reclaimed with
 * all they hold, each with its - entry. Returns those that held anything.
 */
export async function reclaimVouchers(
  trx: Transaction<WalletDb>,
  voucherIds: readonly string[],
  enterpriseId: string,
  orderId: string,
): Promise<{ id: string; balance: number }[]> {
  const ended = (
    await sql<{ id: string; balance: number }>`
      WITH held AS (SELECT id, balance FROM vouchers
                    WHERE id = ANY(${[...voucherIds]}::uuid[]) AND balance > 0 FOR UPDATE)
      UPDATE vouchers v SET state = 'reclaimed', balance = 0 FROM held WHERE v.id = held.id
      RETURNING v.id, held.balance`.execute(trx)
  ).rows;
  for (const v of ended) {
    await sql`INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
              VALUES (${uuidv7()}, ${v.id}, ${enterpriseId}, 'reclaim', ${-v.balance}, 0, ${orderId}, '未按期上传合同收回')`.execute(
      trx,
    );
  }
  return ended;
}
