// Issue 18's fan-out: a draw of 1,000,000 reservations (100,000 winners, 900,000
// not drawn: draw.ts's batch) published, and every inbox message written by
// the notifications service, timed from the publication call. The floor, in
// the same run on the same data: a bare COPY of the same rows into a table of
// the same shape and indexes. SMS: identity is played by a responder that takes
// each text at once, so the platform's own path is what is measured.
// Then the bell: a user's unread count through the gateway of the whole
// platform with 1,000,000 messages in the table, p99 beside the gateway→NATS
// echo's at the same concurrency (A10's floor).
import { cpus } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { identity, lottery, lotteryEvents, type Caller } from '@voucher/contracts';
import { startService } from '@voucher/runtime';
import { ROOT } from '../../scripts/platform.mjs';
import { notificationsService } from '../../services/notifications/src/service.ts';
import { prepare } from './draw.ts';
import { benchToken, load } from './http-load.ts';
import { loadPlatform } from './load-platform.ts';

/** the bell's load: a handful of portals polling at once, not a saturated gateway */
const UNREAD_CONNECTIONS = Number(process.env.BENCH_UNREAD_CONNECTIONS ?? 8);
const UNREAD_USERS = 100_000;
const MESSAGES_PER_USER = 10;

const approver: Caller = { userId: '00000000-0000-7000-8000-000000000001', role: 'approver' };
const ms = (since: number) => Math.round(performance.now() - since);
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));
const count = async (pool: pg.Pool, text: string, values: unknown[] = []) =>
  (await pool.query<{ n: number }>(text, values)).rows[0]!.n;

export async function run(): Promise<object> {
  const fanOut = await measureFanOut();
  const unreadCount = await measureUnreadCount();
  return { at: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version }, fanOut, unreadCount };
}

/** The bell (issue 18): GET /notifications/unread-count for random users, 1,000,000 messages, 30% unread. */
export async function measureUnreadCount() {
  const p = await loadPlatform('benchunread', 18985);
  try {
    // not timed: 100,000 users with 10 messages each, 3 of them unread, one text for all (as a draw leaves them)
    await p.db.query(`INSERT INTO notifications.message_texts (id, title_zh, body_zh, title_en, body_en)
                      VALUES ('00000000-0000-7000-8000-00000000beef', '未中签', '基准', 'Not drawn', 'bench')`);
    await p.db.query(
      `INSERT INTO notifications.messages (id, user_id, kind, template, text_id, source_event_id, created_at, read_at)
       SELECT gen_random_uuid(), u.id, 'draw_result', 'draw.not_drawn', '00000000-0000-7000-8000-00000000beef',
              gen_random_uuid(), now() - (m || ' hours')::interval, CASE WHEN m < 3 THEN NULL ELSE now() END
       FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $1)) AS u CROSS JOIN generate_series(0, $2 - 1) AS m`,
      [UNREAD_USERS, MESSAGES_PER_USER],
    );
    await p.db.query('VACUUM ANALYZE notifications.messages');
    const users = (
      await p.db.query<{ user_id: string }>('SELECT DISTINCT user_id FROM notifications.messages LIMIT 10000')
    ).rows.map((r) => r.user_id);
    const tokens = users.map((u) => benchToken(u, 'enterprise'));
    const messages = await count(p.db, 'SELECT count(*)::int AS n FROM notifications.messages');
    // the answer is the count, for a user picked at random
    const sample = await fetch(`${p.url}/api/v1/notifications/unread-count`, {
      headers: { authorization: `Bearer ${tokens[0]}` },
    });
    const answered = ((await sample.json()) as { unread: number }).unread;
    if (answered !== 3) throw new Error(`unread count answered ${answered}, expected 3`);
    const bellLoad = () =>
      load(`${p.url}/api/v1/notifications/unread-count`, undefined, {
        method: 'GET',
        connections: UNREAD_CONNECTIONS,
        headersFor: (i) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` }),
      });
    // a first run warms the processes up (JIT, pools, the index's pages): the second is the figure
    const warmUp = await bellLoad();
    const bell = await bellLoad();
    const floor = await p.floor(UNREAD_CONNECTIONS);
    return {
      messages,
      users: UNREAD_USERS,
      connections: UNREAD_CONNECTIONS,
      ...bell,
      warmUp: { requestsPerSecond: warmUp.requestsPerSecond, p99Ms: warmUp.p99Ms },
      target: 'p99 ≤ 20 ms through the gateway with 1,000,000 messages (issue 18)',
      floor: { gatewayNatsEcho: floor },
      ratios: { p99VsEcho: +(bell.p99Ms / floor.p99Ms).toFixed(2) },
    };
  } finally {
    await p.close();
  }
}

export async function measureFanOut(): Promise<object> {
  const b = await prepare();
  const notifications = await startService(notificationsService, {
    env: b.env,
    installSignals: false,
    migrationsDir: join(ROOT, 'services', 'notifications', 'migrations'),
  });
  let texted = 0;
  (await b.client.busAs('identity')).handle(identity.textUser, async ({ key }) => {
    texted++;
    return { key, sentAt: new Date().toISOString() };
  });
  try {
    return await measureFanOut(b, notifications.relay);
  } finally {
    await notifications.stop();
    await b.dispose();
  }

  async function measureFanOut(p: Awaited<ReturnType<typeof prepare>>, relay: { flush(): Promise<number> }) {
    const { pool, client, batchId } = p;
    // not timed: the draw, hours before its publication in real life, and the wallet's issuing of it
    const drawn = await client.call(lottery.drawBatch, { id: batchId }, approver);
    for (;;) {
      const unsent = await count(pool, 'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
      const chunks = await count(pool, 'SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [
        lotteryEvents.winsRecorded.type,
      ]);
      const issued = await count(pool, 'SELECT count(*)::int AS n FROM wallet.inbox WHERE subject = $1', [
        lotteryEvents.winsRecorded.type,
      ]);
      if (unsent === 0 && issued >= chunks) break;
      await sleep(100);
    }
    await pool.query('VACUUM ANALYZE');
    await pool.query('CHECKPOINT');

    // timed: the publication (document, results in the outbox), then every message in an inbox
    const start = performance.now();
    await client.call(lottery.publishBatch, { id: batchId }, approver);
    const publishMs = ms(start);
    const events = await count(pool, 'SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [
      lotteryEvents.resultsPublished.type,
    ]);
    // LOT-7: the results are public from the publication's commit, which its reply follows: the fan-out's clock
    const published = performance.now();
    let firstMessageMs: number | undefined;
    for (;;) {
      const handled = await count(pool, 'SELECT count(*)::int AS n FROM notifications.inbox WHERE subject = $1', [
        lotteryEvents.resultsPublished.type,
      ]);
      if (handled > 0) firstMessageMs ??= ms(published);
      if (handled >= events) break;
      await sleep(20);
    }
    const fanOutMs = ms(published);
    const publicationToLastMessageMs = ms(start);
    // not timed: what was written, and the SMS requests of the winners (sent after, by their own consumer)
    const messages = await count(pool, 'SELECT count(*)::int AS n FROM notifications.messages');
    const won = await count(pool, `SELECT count(*)::int AS n FROM notifications.messages WHERE template = 'draw.won'`);
    const smsStart = performance.now();
    await relay.flush();
    while (texted < won) {
      if (performance.now() - smsStart > 300_000) break;
      await sleep(100);
    }
    const smsAfterFanOutMs = ms(smsStart);
    const reservations = await count(pool, 'SELECT count(*)::int AS n FROM reservations');
    if (messages !== reservations) throw new Error(`${messages} messages for ${reservations} reservations`);

    // the floor: the same rows, COPYed into a table of the same shape and indexes
    const file = join('/tmp', `voucher-bench-fanout-${process.pid}.copy`);
    await pool.query(`COPY notifications.messages TO '${file}'`);
    await pool.query('CREATE TABLE notifications.floor_messages (LIKE notifications.messages INCLUDING ALL)');
    await pool.query('CHECKPOINT');
    const t = performance.now();
    await pool.query(`COPY notifications.floor_messages FROM '${file}'`);
    const copyMs = ms(t);
    await pool.query('DROP TABLE notifications.floor_messages');
    await pool.query(`COPY (SELECT 1) TO '${file}'`);

    return {
      reservations,
      winners: drawn.winners,
      resultEvents: events,
      messages,
      /** the publication itself: its document (pre-existing), the reservations not drawn, the result events */
      publishMs,
      /** from the publication's commit */
      firstMessageMs,
      fanOutMs,
      /** from the publication call: publishMs + fanOutMs */
      publicationToLastMessageMs,
      messagesPerSecond: Math.round(messages / (fanOutMs / 1000)),
      floor: { copyMs, rowsPerSecond: Math.round(messages / (copyMs / 1000)) },
      ratio: +(fanOutMs / copyMs).toFixed(2),
      target: 'every inbox message written within 30 s of publication, ≥ 35,000 messages/s (issue 18)',
      sms: { requested: won, handedToIdentity: texted, afterFanOutMs: smsAfterFanOutMs },
    };
  }
}
