import { programmeYear } from '@voucher/kit';
import { v7 as uuidv7 } from 'uuid';
import { sql, type Transaction } from 'kysely';
import { lotteryEvents, type CategoryView, type DataOf, type Envelope } from '@voucher/contracts';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import { expiryOf, voucherNumber } from '../domain/expiry.ts';
import { readSettings } from '../store/settings.ts';
import { takeSerials } from '../store/voucher-serials.ts';
import type { WalletDeps } from './deps.ts';

interface CategoryRow {
  code: string;
  name: string;
  face_value: number;
  validity_days: number | null;
  valid_until: string | null;
  redemption_mode: 'single_use' | 'balance';
}

async function rememberCategory(c: CategoryView, trx: Transaction<any>): Promise<void> {
  await sql`INSERT INTO categories (code, name, face_value, validity_days, valid_until, redemption_mode)
            VALUES (${c.code}, ${c.name}, ${c.faceValue}, ${c.validityDays}, ${c.validUntil}, ${c.redemptionMode})
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, validity_days = EXCLUDED.validity_days,
              valid_until = EXCLUDED.valid_until, redemption_mode = EXCLUDED.redemption_mode`.execute(trx);
}

/** The + entry's note (WAL-3): how the voucher came, and for a grant why. */
function issueNote(d: DataOf<typeof lotteryEvents.winsRecorded>): string {
  if (d.source === 'draw') return '摇号中签发放';
  if (d.source === 'grab') return '抢券发放';
  return d.reason ? `人工发放：${d.reason}` : '人工发放';
}

/**
 * LOT-8 / issue 6 §1: one voucher per win, with its `+` issue entry, a chunk
 * at a time in a few statements. The voucher's id is the win's id, so neither
 * a redelivered event nor the same win in two events can issue twice.
 */
async function issue(
  event: Envelope<DataOf<typeof lotteryEvents.winsRecorded>>,
  trx: Transaction<any>,
  timeZone: string,
) {
  const d = event.data;
  const category = (
    await sql<CategoryRow>`SELECT code, name, face_value, validity_days, to_char(valid_until, 'YYYY-MM-DD') AS valid_until,
                                  redemption_mode FROM categories WHERE code = ${d.category}`.execute(trx)
  ).rows[0];
  // the category event is published first; if it is late, the win waits for it (redelivery with backoff)
  if (!category) throw new Error(`category ${d.category} is not known yet`);
  const existing = new Set(
    (
      await sql<{ id: string }>`SELECT id FROM vouchers WHERE id = ANY(${d.wins.map((w) => w.winId)}::uuid[])`.execute(
        trx,
      )
    ).rows.map((r) => r.id),
  );
  const fresh = d.wins.filter((w) => !existing.has(w.winId));
  if (fresh.length === 0) return 0;
  const visibleFrom = new Date(d.visibleFrom ?? event.occurredAt);
  const year = programmeYear(visibleFrom, timeZone);
  const serials = await takeSerials(trx, year, fresh.length);
  const expiresAt = expiryOf(category, visibleFrom, timeZone);
  await sql`
    INSERT INTO vouchers (id, number, enterprise_id, category_code, face_value, balance, state, redemption_mode, source_kind,
                          batch_id, campaign_id, issued_at, visible_from, expires_at, city)
    SELECT w.id, w.number, w.enterprise_id, ${category.code}, ${category.face_value}, ${category.face_value}, 'available',
           ${category.redemption_mode}, ${d.source}, ${d.batchId}, ${d.campaignId}, now(), ${visibleFrom}, ${expiresAt},
           ${(await readSettings(trx)).city}
    FROM unnest(${fresh.map((w) => w.winId)}::uuid[], ${serials.map((serial) => voucherNumber(year, serial))}::bigint[],
                ${fresh.map((w) => w.enterpriseId)}::uuid[]) AS w(id, number, enterprise_id)`.execute(trx);
  await sql`
    INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, note, at)
    SELECT l.id, l.voucher_id, l.enterprise_id, 'issue', ${category.face_value}, ${category.face_value},
           ${issueNote(d)}, ${visibleFrom}
    FROM unnest(${fresh.map(() => uuidv7())}::uuid[], ${fresh.map((w) => w.winId)}::uuid[],
                ${fresh.map((w) => w.enterpriseId)}::uuid[]) AS l(id, voucher_id, enterprise_id)`.execute(trx);
  return fresh.length;
}

export async function startIssuing({ bus, db, timeZone }: WalletDeps): Promise<RunningConsumer[]> {
  return Promise.all([
    startConsumer({
      bus,
      db,
      name: 'wallet-categories',
      event: lotteryEvents.categoryCreated,
      handle: (e, trx) => rememberCategory(e.data, trx),
    }),
    startConsumer({
      bus,
      db,
      name: 'wallet-categories',
      event: lotteryEvents.categoryUpdated,
      handle: (e, trx) => rememberCategory(e.data, trx),
    }),
    startConsumer({
      bus,
      db,
      name: 'wallet-issuing',
      event: lotteryEvents.winsRecorded,
      // a chunk takes tens of milliseconds: a dead replica's unacknowledged chunks come back after 10 s, not 30
      ackWaitMs: 10_000,
      // chunks are independent (a voucher per win, keyed by the win): a few are written at once, while others
      // commit; the rest of the pool (DB_POOL_MAX, 5) stays free for payments
      concurrency: 3,
      handle: async (e, trx, log) => {
        const issued = await issue(e, trx, timeZone);
        log.debug({ issued, category: e.data.category }, 'vouchers issued');
      },
    }),
  ]);
}
