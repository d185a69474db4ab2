import { sql, type Kysely } from 'kysely';
import { outboxInsertEach, type PendingEvent } from '@voucher/bus';
import { auditHistory, auditInsertEach, type AuditEntry } from '@voucher/db';
import type { OrderDetail, OrderState, OrderSummary } from '@voucher/contracts';
import type { OrderFacts } from '../domain/order-flow.ts';
import type { ReadScope, ScopedOrder } from '../domain/read-scope.ts';
import type { DB as OrdersDb } from './db.ts';

export interface OrderRow {
  id: string;
  order_no: string;
  enterprise_id: string;
  provider_id: string;
  provider_name: string;
  product_id: string;
  product_version: number;
  product_name: string;
  spec_name: string;
  unit_price: string;
  quantity: number;
  total_amount: string;
  voucher_amount: string;
  cash_due: string;
  message: string;
  state: OrderState;
  payment_state: OrderSummary['paymentState'];
  year: number;
  contract_file_id: string | null;
  cancel_reason: string | null;
  /** `placed` was published (once the wallet answered, for an order paying with vouchers) */
  announced: boolean;
  created_at: Date;
  /** joined */
  enterprise_name: string | null;
  enterprise_district: string | null;
  receipts: number;
}

/** An order with what lists show of it: its enterprise's name and district, its receipt count. */
export const SELECT_ORDER = sql`SELECT o.*, e.company_name AS enterprise_name, e.district AS enterprise_district,
    (SELECT count(*)::int FROM receipts r WHERE r.order_id = o.id) AS receipts
  FROM orders o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id`;

export function toOrderSummary(r: OrderRow): OrderSummary {
  return {
    id: r.id,
    orderNo: r.order_no,
    state: r.state,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    providerId: r.provider_id,
    providerName: r.provider_name,
    productId: r.product_id,
    productName: r.product_name,
    specName: r.spec_name,
    unitPrice: Number(r.unit_price),
    quantity: r.quantity,
    totalAmount: Number(r.total_amount),
    voucherAmount: Number(r.voucher_amount),
    cashDue: Number(r.cash_due),
    paymentState: r.payment_state,
    createdAt: r.created_at.toISOString(),
  };
}

/** What the read scope judges of an order row. */
export function scopedOrderOf(r: OrderRow): ScopedOrder {
  return { enterpriseId: r.enterprise_id, providerId: r.provider_id, district: r.enterprise_district };
}

/** `inReadScope` as a condition on `SELECT_ORDER`'s rows (`o` the order, `e` its enterprise). */
function readScopeFilter(scope: ReadScope) {
  switch (scope.kind) {
    case 'enterprise':
      return sql<boolean>`o.enterprise_id = ${scope.enterpriseId}`;
    case 'provider':
      return sql<boolean>`o.provider_id = ${scope.providerId}`;
    case 'district':
      return scope.district === null ? sql<boolean>`false` : sql<boolean>`e.district = ${scope.district}`;
    case 'all':
      return sql<boolean>`true`;
  }
}

export function factsOf(r: OrderRow): OrderFacts {
  return {
    voucherAmount: Number(r.voucher_amount),
    paymentState: r.payment_state,
    cashDue: Number(r.cash_due),
    receipts: r.receipts,
  };
}

/** A new order's columns, as the placement decided them. */
export interface NewOrder {
  id: string;
  orderNo: string;
  enterpriseId: string;
  providerId: string;
  providerName: string;
  productId: string;
  productVersion: number;
  productName: string;
  specName: string;
  unitPrice: number;
  quantity: number;
  total: number;
  voucherAmount: number;
  message: string;
  state: OrderState;
  paymentState: 'none' | 'requested';
  year: number;
  idempotencyKey: string | null;
  annualLimit: number | null;
  /** `placed` goes out with the insert (true), or once the wallet has answered */
  announced: boolean;
}

/** An order to place, with its audit entry and, for one not paying with vouchers, its `placed` event. */
export interface Placement {
  order: NewOrder;
  audit: AuditEntry;
  events: PendingEvent[];
}

/** An order's payment to record: as the saga last read it, what the wallet deducted, its next state and what to tell. */
export interface PaidRecord {
  before: OrderRow;
  paid: PaidLine[];
  to: OrderState;
  /** none when ORD-2 refused the transition (the order moved meanwhile) */
  audit: AuditEntry | null;
  events: PendingEvent[];
}

/** A line as the wallet deducted it (WAL-4). */
export interface PaidLine {
  voucherId: string;
  amount: number;
  voucherNumber: string;
  category: string;
  issuedAt: string;
}

/** Reads the rows a write returned (`changed`) as `SELECT_ORDER` shows them. */
const AS_ORDER_ROWS = sql`SELECT o.*, e.company_name AS enterprise_name, e.district AS enterprise_district,
    (SELECT count(*)::int FROM receipts r WHERE r.order_id = o.id) AS receipts
  FROM changed o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id`;

/** What the completion event tells settlement beyond the order's own facts (SET-2). */
export interface Completion {
  enterprise: { company_name: string | null; district: string | null; city: string | null } | undefined;
  payments: { voucher_id: string; voucher_number: string; category: string; amount: string }[];
}

export function orderStore(db: Kysely<OrdersDb>) {
  return {
    /**
     * Inserts orders in one statement, each only if
     * its enterprise is certified (ORD-1) and under the product's annual
     * limit (CAT-2: the enterprise's count for the product and year is raised
     * in the same statement, only while under the limit, under that row's
     * lock), with its audit entry and events. Answers the orders inserted;
     * one enterprise, product and year at most once per call.
     */
    async placeMany(placements: Placement[]): Promise<OrderRow[]> {
      const os = placements.map((p) => p.order);
      return (
        await sql<OrderRow>`WITH asked AS (
            SELECT * FROM unnest(${os.map((o) => o.id)}::uuid[], ${os.map((o) => o.orderNo)}::text[],
              ${os.map((o) => o.enterpriseId)}::uuid[], ${os.map((o) => o.providerId)}::uuid[],
              ${os.map((o) => o.providerName)}::text[], ${os.map((o) => o.productId)}::uuid[],
              ${os.map((o) => o.productVersion)}::int[], ${os.map((o) => o.productName)}::text[],
              ${os.map((o) => o.specName)}::text[], ${os.map((o) => o.unitPrice)}::bigint[],
              ${os.map((o) => o.quantity)}::int[], ${os.map((o) => o.total)}::bigint[],
              ${os.map((o) => o.voucherAmount)}::bigint[], ${os.map((o) => o.message)}::text[],
              ${os.map((o) => o.state)}::text[], ${os.map((o) => o.paymentState)}::text[], ${os.map((o) => o.year)}::int[],
              ${os.map((o) => o.idempotencyKey)}::text[], ${os.map((o) => o.annualLimit)}::int[],
              ${os.map((o) => o.announced)}::boolean[])
              AS a(id, order_no, enterprise_id, provider_id, provider_name, product_id, product_version, product_name,
                   spec_name, unit_price, quantity, total_amount, voucher_amount, message, state, payment_state, year,
                   idempotency_key, annual_limit, announced)
          ), counted AS (
            INSERT INTO annual_purchases AS p (enterprise_id, product_id, year, placed, annual_limit)
            SELECT a.enterprise_id, a.product_id, a.year, 1, a.annual_limit FROM asked a
            WHERE EXISTS (SELECT 1 FROM enterprises e WHERE e.enterprise_id = a.enterprise_id AND e.certified)
              AND (a.annual_limit IS NULL OR a.annual_limit >= 1)
            ORDER BY a.enterprise_id, a.product_id, a.year
            ON CONFLICT (enterprise_id, product_id, year)
            DO UPDATE SET placed = p.placed + 1, annual_limit = EXCLUDED.annual_limit
              WHERE EXCLUDED.annual_limit IS NULL OR p.placed < EXCLUDED.annual_limit
            RETURNING p.enterprise_id, p.product_id, p.year
          ), changed AS (
            INSERT INTO orders (id, order_no, enterprise_id, provider_id, provider_name, product_id, product_version,
              product_name, spec_name, unit_price, quantity, total_amount, voucher_amount, cash_due, message, state,
              payment_state, payment_requested_at, year, idempotency_key, annual_limit, announced)
            SELECT a.id, a.order_no, a.enterprise_id, a.provider_id, a.provider_name, a.product_id, a.product_version,
              a.product_name, a.spec_name, a.unit_price, a.quantity, a.total_amount, a.voucher_amount,
              a.total_amount - a.voucher_amount, a.message, a.state, a.payment_state,
              CASE WHEN a.payment_state = 'requested' THEN now() END, a.year, a.idempotency_key, a.annual_limit, a.announced
            FROM asked a JOIN counted c ON c.enterprise_id = a.enterprise_id AND c.product_id = a.product_id AND c.year = a.year
            RETURNING *
          ), audit AS (${auditInsertEach(
            placements.map((p) => p.audit),
            'changed',
          )}), events AS (${outboxInsertEach(
            placements.flatMap((p) => p.events.map((event) => ({ entityId: p.order.id, event }))),
            'changed',
          )})
          ${AS_ORDER_ROWS}`.execute(db)
      ).rows;
    },

    /**
     * The wallet's answers written in one statement (WAL-4): for each order,
     * its voucher lines as deducted (an order's lines are only ever what the
     * wallet took), the amounts, the next state, its audit entry and
     * events, if the order is still as `before` read it (state, payment
     * requested, announced); else nothing for it. Answers the orders written.
     */
    async markPaidMany(records: PaidRecord[]): Promise<OrderRow[]> {
      const lines = records.flatMap((r) => r.paid.map((l) => ({ orderId: r.before.id, ...l })));
      return (
        await sql<OrderRow>`WITH asked AS (
            SELECT * FROM unnest(${records.map((r) => r.before.id)}::uuid[],
              ${records.map((r) => r.paid.reduce((a, l) => a + l.amount, 0))}::bigint[], ${records.map((r) => r.to)}::text[],
              ${records.map((r) => r.before.state)}::text[], ${records.map((r) => r.before.announced)}::boolean[])
              AS a(id, total, to_state, seen_state, seen_announced)
          ), changed AS (
            UPDATE orders o SET payment_state = 'paid', voucher_amount = a.total, cash_due = o.total_amount - a.total,
              state = a.to_state, announced = true, updated_at = now()
            FROM asked a
            WHERE o.id = a.id AND o.payment_state = 'requested' AND o.state = a.seen_state AND o.announced = a.seen_announced
            RETURNING o.*
          ), lines AS (
            INSERT INTO order_vouchers (order_id, voucher_id, amount, voucher_number, category, issued_at)
            SELECT l.order_id, l.voucher_id, l.amount, l.voucher_number, l.category, l.issued_at
            FROM unnest(${lines.map((l) => l.orderId)}::uuid[], ${lines.map((l) => l.voucherId)}::uuid[],
                        ${lines.map((l) => l.amount)}::bigint[], ${lines.map((l) => l.voucherNumber)}::text[],
                        ${lines.map((l) => l.category)}::text[], ${lines.map((l) => l.issuedAt)}::timestamptz[])
              AS l(order_id, voucher_id, amount, voucher_number, category, issued_at)
            WHERE l.order_id IN (SELECT id FROM changed)
            ON CONFLICT (order_id, voucher_id) DO UPDATE SET amount = EXCLUDED.amount,
              voucher_number = EXCLUDED.voucher_number, category = EXCLUDED.category, issued_at = EXCLUDED.issued_at
          ), audit AS (${auditInsertEach(
            records.flatMap((r) => (r.audit ? [r.audit] : [])),
            'changed',
          )}), events AS (${outboxInsertEach(
            records.flatMap((r) => r.events.map((event) => ({ entityId: r.before.id, event }))),
            'changed',
          )})
          ${AS_ORDER_ROWS}`.execute(db)
      ).rows;
    },

    /** A page of the orders in the caller's scope, newest first, with the total. */
    async page(
      scope: ReadScope,
      state: OrderState | undefined,
      page: number,
      pageSize: number,
    ): Promise<{ rows: OrderRow[]; total: number }> {
      const filter = sql.join([readScopeFilter(scope), ...(state ? [sql`o.state = ${state}`] : [])], sql` AND `);
      const [rows, total] = await Promise.all([
        sql<OrderRow>`${SELECT_ORDER} WHERE ${filter} ORDER BY o.created_at DESC, o.id
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n
          FROM orders o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id WHERE ${filter}`.execute(db),
      ]);
      return { rows: rows.rows, total: total.rows[0]!.n };
    },

    async find(id: string, { lock = false } = {}): Promise<OrderRow | undefined> {
      const q = lock
        ? sql<OrderRow>`${SELECT_ORDER} WHERE o.id = ${id} FOR UPDATE OF o`
        : sql<OrderRow>`${SELECT_ORDER} WHERE o.id = ${id}`;
      return (await q.execute(db)).rows[0];
    },

    /** The orders that cite an upload as a transfer receipt (ORD-3) or as the contract (ORD-5). */
    async citing(fileId: string): Promise<OrderRow[]> {
      return (
        await sql<OrderRow>`${SELECT_ORDER} WHERE o.id IN (
            SELECT order_id FROM receipts WHERE file_id = ${fileId}
            UNION SELECT id FROM orders WHERE contract_file_id = ${fileId})`.execute(db)
      ).rows;
    },

    /** Which of the uploads an order cites (a receipt, a contract), whatever became of the order. */
    async cited(fileIds: readonly string[]): Promise<string[]> {
      return (
        await sql<{ id: string }>`SELECT file_id AS id FROM receipts WHERE file_id = ANY(${[...fileIds]}::uuid[])
          UNION SELECT contract_file_id FROM orders WHERE contract_file_id = ANY(${[...fileIds]}::uuid[])`.execute(db)
      ).rows.map((r) => r.id);
    },

    async findByKey(enterpriseId: string, key: string): Promise<OrderRow | undefined> {
      return (
        await sql<OrderRow>`${SELECT_ORDER} WHERE o.enterprise_id = ${enterpriseId} AND o.idempotency_key = ${key}`.execute(
          db,
        )
      ).rows[0];
    },

    async setState(id: string, state: OrderState, extra: { cancelReason?: string; paymentState?: string } = {}) {
      await sql`UPDATE orders SET state = ${state}, updated_at = now(),
                  cancel_reason = COALESCE(${extra.cancelReason ?? null}, cancel_reason),
                  payment_state = COALESCE(${extra.paymentState ?? null}, payment_state),
                  completed_at = CASE WHEN ${state} = 'completed' THEN now() ELSE completed_at END
                WHERE id = ${id}`.execute(db);
    },

    async setPaymentState(id: string, paymentState: OrderSummary['paymentState']) {
      await sql`UPDATE orders SET payment_state = ${paymentState}, updated_at = now() WHERE id = ${id}`.execute(db);
    },

    /** The saga asks the wallet for the voucher part of an order placed without it (seed 003 §4.7). */
    async requestPayment(id: string, voucherAmount: number) {
      await sql`UPDATE orders SET payment_state = 'requested', payment_requested_at = now(),
                  voucher_amount = ${voucherAmount}, cash_due = total_amount - ${voucherAmount}
                WHERE id = ${id}`.execute(db);
    },

    /**
     * The wallet refused the pay step, so nothing was deducted: a placement
     * is removed (ORD-3), a later pay leaves the order as it was.
     */
    async forgetPaymentRequest(id: string, placement: boolean) {
      if (placement) {
        await sql`DELETE FROM orders WHERE id = ${id} AND payment_state = 'requested'`.execute(db);
        return;
      }
      await sql`UPDATE orders SET payment_state = 'none', voucher_amount = 0, cash_due = total_amount,
                  payment_requested_at = NULL WHERE id = ${id} AND payment_state = 'requested'`.execute(db);
    },

    /** `placed` is announced once per order: true for the one call that marks it so. */
    async markAnnounced(id: string): Promise<boolean> {
      const first = await sql`UPDATE orders SET announced = true WHERE id = ${id} AND NOT announced`.execute(db);
      return Number(first.numAffectedRows ?? 0) > 0;
    },

    /**
     * The oldest wallet step left unanswered longer than `settleAfterMs`, or a
     * compensation not yet confirmed, locked for this caller and skipped by
     * the others (replicas share the sweep); none of `putOff`.
     */
    async nextUnanswered(
      settleAfterMs: number,
      putOff: readonly string[],
    ): Promise<{ id: string; payment_state: OrderRow['payment_state'] } | undefined> {
      return (
        await sql<{ id: string; payment_state: OrderRow['payment_state'] }>`SELECT id, payment_state FROM orders
          WHERE ((payment_state = 'requested' AND payment_requested_at < now() - make_interval(secs => ${settleAfterMs / 1000}))
                 OR payment_state IN ('refund_requested', 'reclaim_requested'))
            AND id <> ALL(${[...putOff]}::uuid[])
          ORDER BY payment_requested_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(db)
      ).rows[0];
    },

    /** ORD-4: the year's one withdrawal, held by the key (enterprise, year) whatever races; false if used. */
    async recordWithdrawal(row: OrderRow): Promise<boolean> {
      const inserted = await sql`INSERT INTO withdrawals (enterprise_id, year, order_id)
        VALUES (${row.enterprise_id}, ${row.year}, ${row.id}) ON CONFLICT DO NOTHING`.execute(db);
      return Number(inserted.numAffectedRows ?? 0) > 0;
    },

    /** ORD-3: a transfer receipt of the order. */
    async addReceipt(orderId: string, fileId: string) {
      await sql`INSERT INTO receipts (order_id, file_id) VALUES (${orderId}, ${fileId})`.execute(db);
    },

    /** ORD-5: the signed contract of the order. */
    async setContract(orderId: string, fileId: string) {
      await sql`UPDATE orders SET contract_file_id = ${fileId} WHERE id = ${orderId}`.execute(db);
    },

    /** ORD-7: the enterprise's evaluation, or the platform's "good" after the days allowed. */
    async addEvaluation(
      orderId: string,
      e: { rating: string; text: string; platformStars: number; platformText?: string | null; auto: boolean },
    ) {
      await sql`INSERT INTO evaluations (order_id, rating, text, platform_stars, platform_text, auto)
                VALUES (${orderId}, ${e.rating}, ${e.text}, ${e.platformStars}, ${e.platformText ?? null}, ${e.auto})`.execute(
        db,
      );
    },

    /** ORD-5: paid orders without a contract past the deadline counted from the vouchers' issuance, oldest first. */
    async overdueForContract(contractDeadlineDays: number): Promise<string[]> {
      return (
        await sql<{ id: string }>`SELECT o.id FROM orders o
          WHERE o.state IN ('pending_payment', 'awaiting_provider', 'accepted') AND o.payment_state = 'paid'
            AND (SELECT min(v.issued_at) FROM order_vouchers v WHERE v.order_id = o.id)
                < now() - make_interval(days => ${contractDeadlineDays})
          ORDER BY o.created_at LIMIT 1000`.execute(db)
      ).rows.map((r) => r.id);
    },

    /** ORD-7: the oldest order completed longer ago than the days allowed, locked for this caller, skipped by others. */
    async nextDueForAutoEvaluation(autoEvaluationDays: number): Promise<string | undefined> {
      return (
        await sql<{ id: string }>`SELECT id FROM orders WHERE state = 'completed'
          AND completed_at < now() - make_interval(days => ${autoEvaluationDays})
          ORDER BY completed_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(db)
      ).rows[0]?.id;
    },

    /** What the completion event tells settlement beyond the order's own facts (SET-2). */
    async completionOf(row: OrderRow): Promise<Completion> {
      const enterprise = (
        await sql<Completion['enterprise'] & object>`
          SELECT company_name, district, city FROM enterprises WHERE enterprise_id = ${row.enterprise_id}`.execute(db)
      ).rows[0];
      const payments = (
        await sql<Completion['payments'][number]>`
          SELECT voucher_id, voucher_number, category, amount FROM order_vouchers
          WHERE order_id = ${row.id} AND voucher_number IS NOT NULL ORDER BY voucher_id`.execute(db)
      ).rows;
      return { enterprise, payments };
    },

    async detail(row: OrderRow): Promise<OrderDetail> {
      const [vouchers, receipts, records, requests, evaluation, history] = await Promise.all([
        sql<{ voucher_id: string; amount: string }>`SELECT voucher_id, amount FROM order_vouchers
          WHERE order_id = ${row.id} ORDER BY voucher_id`.execute(db),
        sql<{ file_id: string }>`SELECT file_id FROM receipts WHERE order_id = ${row.id} ORDER BY added_at`.execute(db),
        sql<{
          id: string;
          date: string;
          engineer: string;
          description: string;
          remark: string | null;
          solved: boolean | null;
          scores: NonNullable<OrderDetail['serviceRecords'][number]['evaluation']>['scores'] | null;
          evaluated_at: Date | null;
          created_at: Date;
        }>`SELECT id, to_char(date, 'YYYY-MM-DD') AS date, engineer, description, remark, solved, scores, evaluated_at, created_at
          FROM service_records WHERE order_id = ${row.id} ORDER BY created_at, id`.execute(db),
        sql<{
          note: string;
          at: Date;
        }>`SELECT note, at FROM service_requests WHERE order_id = ${row.id} ORDER BY at, id`.execute(db),
        sql<{
          rating: 'good' | 'neutral' | 'bad';
          text: string;
          platform_stars: number;
          platform_text: string | null;
          auto: boolean;
          at: Date;
        }>`SELECT * FROM evaluations WHERE order_id = ${row.id}`.execute(db),
        auditHistory(db, 'order', row.id),
      ]);
      const e = evaluation.rows[0];
      return {
        ...toOrderSummary(row),
        message: row.message,
        vouchers: vouchers.rows.map((v) => ({ voucherId: v.voucher_id, amount: Number(v.amount) })),
        receipts: receipts.rows.map((r) => r.file_id),
        contractFileId: row.contract_file_id,
        serviceRecords: records.rows.map((r) => ({
          id: r.id,
          date: r.date,
          engineer: r.engineer,
          description: r.description,
          ...(r.remark !== null ? { remark: r.remark } : {}),
          evaluation:
            r.evaluated_at && r.scores && r.solved !== null
              ? { solved: r.solved, scores: r.scores, at: r.evaluated_at.toISOString() }
              : null,
          createdAt: r.created_at.toISOString(),
        })),
        serviceRequests: requests.rows.map((r) => ({ note: r.note, at: r.at.toISOString() })),
        evaluation: e
          ? {
              rating: e.rating,
              text: e.text,
              platformStars: e.platform_stars,
              platformText: e.platform_text,
              auto: e.auto,
              at: e.at.toISOString(),
            }
          : null,
        cancelReason: row.cancel_reason,
        history,
      };
    },
  };
}
