import { sql, type Kysely, type RawBuilder } from 'kysely';
import { announceInBatches, prepareEvent } from '@voucher/bus';
import { walletEvents, type DataOf, type ReminderWindow } from '@voucher/contracts';
import type { Deadline } from '../domain/reminders.ts';
import type { DB as WalletDb } from './db.ts';

/** Vouchers reminded in one transaction: a draw's 100,000 vouchers expiring together take 20. */
const BATCH = 5000;

interface Due {
  id: string;
  number: string;
  enterprise_id: string;
  category_code: string;
  category_name: string;
  balance: number;
  ends_at: Date;
  expires_at: Date;
}

/**
 * Reminds one deadline at one threshold, a batch per transaction: the
 * vouchers found are recorded in `voucher_reminders` and their events appended
 * to the outbox together, so a voucher is reminded once per deadline and
 * threshold (a replica's concurrent run inserts nothing for the rows the other
 * took, and so appends no event for them). Each voucher reminded is flagged
 * (`vouchers.reminded`) in the same statement, only if it is still available
 * when its row is taken (a payment that used it up meanwhile wins, and it is
 * not reminded), so that from then on its moves out of `available` and back
 * are told (issue 18 item 3).
 */
async function remind(
  db: Kysely<WalletDb>,
  deadline: Deadline,
  endsAt: RawBuilder<Date>,
  eligible: RawBuilder<boolean>,
  window: ReminderWindow,
  requestId: string | undefined,
): Promise<number> {
  return announceInBatches(
    db,
    BATCH,
    async (trx) =>
      (
        await sql<Due>`
          WITH due AS (
            SELECT v.id, v.number::text AS number, v.enterprise_id, v.category_code, c.name AS category_name,
                   v.balance, ${endsAt} AS ends_at, v.expires_at
            FROM vouchers v JOIN categories c ON c.code = v.category_code
            WHERE v.state = 'available' AND v.visible_from <= now() AND v.expires_at > now() AND ${eligible}
              AND ${endsAt} > now() + make_interval(days => ${window.fromDays})
              AND ${endsAt} <= now() + make_interval(days => ${window.threshold})
              AND NOT EXISTS (SELECT 1 FROM voucher_reminders r
                              WHERE r.voucher_id = v.id AND r.deadline = ${deadline} AND r.threshold = ${window.threshold})
            ORDER BY ${endsAt}, v.id
            LIMIT ${BATCH}
          ), flagged AS (
            UPDATE vouchers v SET reminded = true FROM due WHERE v.id = due.id AND v.state = 'available'
            RETURNING v.id
          ), recorded AS (
            INSERT INTO voucher_reminders (voucher_id, deadline, threshold, ends_at)
            SELECT due.id, ${deadline}, ${window.threshold}, due.ends_at FROM due JOIN flagged ON flagged.id = due.id
            ON CONFLICT DO NOTHING RETURNING voucher_id
          )
          SELECT due.* FROM due JOIN recorded ON recorded.voucher_id = due.id`.execute(trx)
      ).rows,
    (v) =>
      prepareEvent(
        walletEvents.voucherExpiring,
        {
          voucherId: v.id,
          voucherNumber: v.number,
          enterpriseId: v.enterprise_id,
          category: v.category_code,
          categoryName: v.category_name,
          balance: Number(v.balance),
          deadline,
          endsAt: v.ends_at.toISOString(),
          expiresAt: v.expires_at.toISOString(),
          daysLeft: window.threshold,
        } satisfies DataOf<typeof walletEvents.voucherExpiring>,
        { requestId },
      ),
  );
}

/** WAL-6: vouchers whose expiry falls in the window, reminded once per threshold. */
export function remindExpiry(
  db: Kysely<WalletDb>,
  window: ReminderWindow,
  requestId: string | undefined,
): Promise<number> {
  return remind(db, 'expiry', sql<Date>`v.expires_at`, sql<boolean>`true`, window, requestId);
}

/**
 * WAL-6: drawn vouchers the programme reclaims `reclaimDays` after their
 * publication if untouched (the reclaim job's rule), whose reclaim falls in
 * the window before their expiry (else the expiry is the deadline that counts).
 */
export function remindReclaim(
  db: Kysely<WalletDb>,
  reclaimDays: number,
  window: ReminderWindow,
  requestId: string | undefined,
): Promise<number> {
  const reclaimAt = sql<Date>`(v.visible_from + make_interval(days => ${reclaimDays}))`;
  return remind(
    db,
    'reclaim',
    reclaimAt,
    sql<boolean>`v.source_kind = 'draw' AND v.balance = v.face_value AND ${reclaimAt} < v.expires_at`,
    window,
    requestId,
  );
}
