import { sql, type Kysely } from 'kysely';
import { announceInBatches, prepareEvent } from '@voucher/bus';
import { orderEvents, type DataOf, type OrderState, type ReminderWindow } from '@voucher/contracts';
import type { DB as OrdersDb } from './db.ts';

/** Orders reminded in one transaction. */
const BATCH = 1000;

interface Due {
  id: string;
  order_no: string;
  enterprise_id: string;
  provider_id: string;
  product_name: string;
  state: OrderState;
  cancel_at: Date;
}

/**
 * Reminds the orders of one window, a batch per transaction: each is recorded
 * in `contract_reminders` and its event appended to the outbox together, so an
 * order is reminded once per threshold. The orders are those the
 * `cancel-overdue-contracts` job would cancel (timed.ts), their cancellation
 * `contractDeadlineDays` after the first issuance of their vouchers.
 */
export async function remindWindow(
  db: Kysely<OrdersDb>,
  deadlineDays: number,
  window: ReminderWindow,
  requestId: string,
): Promise<number> {
  return announceInBatches(
    db,
    BATCH,
    async (trx) =>
      (
        await sql<Due>`
          WITH waiting AS (
            SELECT o.id, o.order_no, o.enterprise_id, o.provider_id, o.product_name, o.state,
                   (SELECT min(v.issued_at) FROM order_vouchers v WHERE v.order_id = o.id)
                     + make_interval(days => ${deadlineDays}) AS cancel_at
            FROM orders o
            WHERE o.state IN ('pending_payment', 'awaiting_provider', 'accepted') AND o.payment_state = 'paid'
          ), near AS (
            SELECT * FROM waiting w
            WHERE w.cancel_at > now() + make_interval(days => ${window.fromDays})
              AND w.cancel_at <= now() + make_interval(days => ${window.threshold})
              AND NOT EXISTS (SELECT 1 FROM contract_reminders r
                              WHERE r.order_id = w.id AND r.threshold = ${window.threshold})
            ORDER BY w.cancel_at, w.id
            LIMIT ${BATCH}
          ), recorded AS (
            INSERT INTO contract_reminders (order_id, threshold, cancel_at)
            SELECT id, ${window.threshold}, cancel_at FROM near
            ON CONFLICT DO NOTHING RETURNING order_id
          )
          SELECT near.* FROM near JOIN recorded ON recorded.order_id = near.id`.execute(trx)
      ).rows,
    (o) =>
      prepareEvent(
        orderEvents.contractDue,
        {
          orderId: o.id,
          orderNo: o.order_no,
          enterpriseId: o.enterprise_id,
          providerId: o.provider_id,
          productName: o.product_name,
          state: o.state,
          cancelAt: o.cancel_at.toISOString(),
          daysLeft: window.threshold,
        } satisfies DataOf<typeof orderEvents.contractDue>,
        { requestId },
      ),
  );
}
