import { sql, type Kysely, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { outboxInsert, prepareEvent, requireRole } from '@voucher/bus';
import { wallet, walletEvents, type DataOf } from '@voucher/contracts';
import { reminderWindows, type Deadline } from '../domain/reminders.ts';
import { inBatches } from '@voucher/db';
import type { WalletDeps } from './deps.ts';

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
  db: Kysely<any>,
  deadline: Deadline,
  endsAt: RawBuilder<Date>,
  eligible: RawBuilder<boolean>,
  window: { threshold: 7 | 1; fromDays: number },
  requestId: string | undefined,
): Promise<number> {
  return inBatches(BATCH, () =>
    db.transaction().execute(async (trx) => {
      const due = (
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
      ).rows;
      if (due.length === 0) return 0;
      await outboxInsert(
        due.map((v) =>
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
        ),
      ).execute(trx);
      return due.length;
    }),
  );
}

/**
 * Issue 18 item 2 (WAL-6): the scheduler's `remind-expiring-vouchers` asks the
 * wallet to remind every available, visible voucher whose expiry, or reclaim
 * date when the programme reclaims (`WALLET_RECLAIM_DAYS`), is 7 days away,
 * and again 1 day away.
 */
export function registerReminderHandlers({ bus, db, reclaimDays }: WalletDeps): void {
  bus.handle(wallet.remindDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const requestId = ctx.requestId ?? uuidv7();
    let expiry = 0;
    let reclaim = 0;
    // the 1-day window first: a voucher first found within a day gets that reminder only
    for (const window of reminderWindows) {
      expiry += await remind(db, 'expiry', sql<Date>`v.expires_at`, sql<boolean>`true`, window, requestId);
      if (reclaimDays > 0) {
        // the reclaim job's rule (lifecycle.ts): a drawn voucher untouched reclaimDays after publication, unless
        // it expires first (then its expiry is the deadline that counts, and is reminded as such)
        const reclaimAt = sql<Date>`(v.visible_from + make_interval(days => ${reclaimDays}))`;
        reclaim += await remind(
          db,
          'reclaim',
          reclaimAt,
          sql<boolean>`v.source_kind = 'draw' AND v.balance = v.face_value AND ${reclaimAt} < v.expires_at`,
          window,
          requestId,
        );
      }
    }
    if (expiry + reclaim > 0) ctx.log.info({ expiry, reclaim }, 'voucher deadlines reminded');
    return { reminded: expiry + reclaim, expiry, reclaim };
  });
}
