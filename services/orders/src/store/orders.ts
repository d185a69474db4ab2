import { sql, type Kysely, type RawBuilder } from 'kysely';
import { auditHistory } from '@voucher/db';
import type { OrderDetail, OrderState, OrderSummary } from '@voucher/contracts';
import type { OrderFacts } from '../domain/order-flow.ts';

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
  vouchers: { voucherId: string; amount: number }[];
  /** `placed` goes out with the insert (true), or once the wallet has answered */
  announced: boolean;
}

/** A line as the wallet deducted it (WAL-4). */
export interface PaidLine {
  voucherId: string;
  amount: number;
  voucherNumber: string;
  category: string;
  issuedAt: string;
}

/** True in `place`'s and `markPaid`'s statements when the order was written, for the writes that go with it. */
export const WHEN_CHANGED = sql`EXISTS (SELECT 1 FROM changed)`;

/** Writes that ride along in a statement as further steps (CTEs) of its WITH. */
const extraSteps = (writes: RawBuilder<unknown>[]) =>
  sql.join(
    writes.map((w, i) => sql`, ${sql.ref(`write${i}`)} AS (${w})`),
    sql``,
  );

/** Reads the rows a write returned (`changed`) as `SELECT_ORDER` shows them. */
const AS_ORDER_ROWS = sql`SELECT o.*, e.company_name AS enterprise_name, e.district AS enterprise_district,
    (SELECT count(*)::int FROM receipts r WHERE r.order_id = o.id) AS receipts
  FROM changed o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id`;

export function orderStore(db: Kysely<any>) {
  return {
    /**
     * Inserts an order and its voucher lines in one statement, if its
     * enterprise is certified (ORD-1) and under the product's annual limit
     * (CAT-2: the enterprise's count for the product and year is raised in the
     * same statement, only while under the limit, under that row's lock), with
     * `writes` (its audit entry, its event), each guarded by `WHEN_CHANGED`;
     * else inserts nothing and answers undefined.
     */
    async place(o: NewOrder, writes: RawBuilder<unknown>[] = []): Promise<OrderRow | undefined> {
      return (
        await sql<OrderRow>`WITH counted AS (
            INSERT INTO annual_purchases AS a (enterprise_id, product_id, year, placed)
            SELECT ${o.enterpriseId}, ${o.productId}, ${o.year}, 1
            WHERE EXISTS (SELECT 1 FROM enterprises WHERE enterprise_id = ${o.enterpriseId} AND certified)
              AND (${o.annualLimit}::int IS NULL OR ${o.annualLimit}::int >= 1)
            ON CONFLICT (enterprise_id, product_id, year) DO UPDATE SET placed = a.placed + 1
              WHERE ${o.annualLimit}::int IS NULL OR a.placed < ${o.annualLimit}::int
            RETURNING 1
          ), changed AS (
            INSERT INTO orders (id, order_no, enterprise_id, provider_id, provider_name, product_id, product_version,
              product_name, spec_name, unit_price, quantity, total_amount, voucher_amount, cash_due, message, state,
              payment_state, payment_requested_at, year, idempotency_key, annual_limit, announced)
            SELECT ${o.id}, ${o.orderNo}, ${o.enterpriseId}, ${o.providerId}, ${o.providerName}, ${o.productId},
              ${o.productVersion}, ${o.productName}, ${o.specName}, ${o.unitPrice}, ${o.quantity}, ${o.total},
              ${o.voucherAmount}, ${o.total - o.voucherAmount}, ${o.message}, ${o.state}, ${o.paymentState},
              CASE WHEN ${o.paymentState} = 'requested' THEN now() END, ${o.year}, ${o.idempotencyKey}, ${o.annualLimit}::int,
              ${o.announced}
            WHERE EXISTS (SELECT 1 FROM counted)
            RETURNING *
          ), lines AS (
            INSERT INTO order_vouchers (order_id, voucher_id, amount)
            SELECT c.id, l.voucher_id, l.amount FROM changed c,
              unnest(${o.vouchers.map((v) => v.voucherId)}::uuid[], ${o.vouchers.map((v) => v.amount)}::bigint[])
                AS l(voucher_id, amount)
          )${extraSteps(writes)}
          ${AS_ORDER_ROWS}`.execute(db)
      ).rows[0];
    },

    /**
     * The wallet's answer written in one statement (WAL-4): the deducted
     * lines, the amounts, the next state and `writes` (its audit entry and
     * events, each guarded by `WHEN_CHANGED`), if the order is still as `before`
     * read it (state, payment requested); else nothing, and undefined.
     */
    async markPaid(
      before: OrderRow,
      paid: PaidLine[],
      to: OrderState,
      writes: RawBuilder<unknown>[] = [],
    ): Promise<OrderRow | undefined> {
      const total = paid.reduce((a, l) => a + l.amount, 0);
      return (
        await sql<OrderRow>`WITH changed AS (
            UPDATE orders SET payment_state = 'paid', voucher_amount = ${total}, cash_due = total_amount - ${total},
              state = ${to}, announced = true, updated_at = now()
            WHERE id = ${before.id} AND payment_state = 'requested' AND state = ${before.state}
              AND announced = ${before.announced}
            RETURNING *
          ), lines AS (
            UPDATE order_vouchers ov SET amount = l.amount, voucher_number = l.voucher_number, category = l.category,
              issued_at = l.issued_at
            FROM unnest(${paid.map((l) => l.voucherId)}::uuid[], ${paid.map((l) => l.amount)}::bigint[],
                        ${paid.map((l) => l.voucherNumber)}::text[], ${paid.map((l) => l.category)}::text[],
                        ${paid.map((l) => l.issuedAt)}::timestamptz[])
              AS l(voucher_id, amount, voucher_number, category, issued_at)
            WHERE ov.order_id = (SELECT id FROM changed) AND ov.voucher_id = l.voucher_id
          )${extraSteps(writes)}
          ${AS_ORDER_ROWS}`.execute(db)
      ).rows[0];
    },

    async find(id: string, { lock = false } = {}): Promise<OrderRow | undefined> {
      const q = lock
        ? sql<OrderRow>`${SELECT_ORDER} WHERE o.id = ${id} FOR UPDATE OF o`
        : sql<OrderRow>`${SELECT_ORDER} WHERE o.id = ${id}`;
      return (await q.execute(db)).rows[0];
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
export type OrderStore = ReturnType<typeof orderStore>;
