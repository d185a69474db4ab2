import { programmeYear } from '@voucher/kit';
import type { Transaction } from 'kysely';
import { lotteryEvents, type DataOf, type Envelope } from '@voucher/contracts';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import { expiryOf, voucherNumber } from '../domain/expiry.ts';
import { issuingStore } from '../store/issuing.ts';
import { readSettings } from '../store/settings.ts';
import { takeSerials } from '../store/voucher-serials.ts';
import type { WalletDeps } from './deps.ts';
import type { DB as WalletDb } from '../store/db.ts';

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
  trx: Transaction<WalletDb>,
  timeZone: string,
) {
  const d = event.data;
  const store = issuingStore(trx);
  const category = await store.category(d.category);
  // the category event is published first; if it is late, the win waits for it (redelivery with backoff)
  if (!category) throw new Error(`category ${d.category} is not known yet`);
  const existing = await store.issuedOf(d.wins.map((w) => w.winId));
  const fresh = d.wins.filter((w) => !existing.has(w.winId));
  if (fresh.length === 0) return 0;
  const visibleFrom = new Date(d.visibleFrom ?? event.occurredAt);
  const year = programmeYear(visibleFrom, timeZone);
  const serials = await takeSerials(trx, year, fresh.length);
  await store.issue(
    fresh.map((w, i) => ({ winId: w.winId, number: voucherNumber(year, serials[i]!), enterpriseId: w.enterpriseId })),
    {
      category,
      source: d.source,
      batchId: d.batchId,
      campaignId: d.campaignId,
      visibleFrom,
      expiresAt: expiryOf(category, visibleFrom, timeZone),
      city: (await readSettings(trx)).city,
      note: issueNote(d),
    },
  );
  return fresh.length;
}

export async function startIssuing({ bus, db, timeZone }: WalletDeps): Promise<RunningConsumer[]> {
  return Promise.all([
    startConsumer({
      bus,
      db,
      name: 'wallet-categories',
      event: lotteryEvents.categoryCreated,
      handle: (e, trx) => issuingStore(trx).rememberCategory(e.data),
    }),
    startConsumer({
      bus,
      db,
      name: 'wallet-categories',
      event: lotteryEvents.categoryUpdated,
      handle: (e, trx) => issuingStore(trx).rememberCategory(e.data),
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
