// The fault suite (ARCHITECTURE A8). While a batch of reservations is drawn
// and issued, a stream of voucher payments runs and a first-come stock is
// grabbed, every fault at once: a NATS node SIGKILLed, one replica of every
// service SIGKILLed, PostgreSQL SIGKILLed and restarted, Redis restarted
// empty. Then nothing is lost, nothing doubled and nothing oversold. The
// faults one at a time, and the files shared by the gateways, are in
// cluster.test.ts.
// npm test runs it with 2,000 reservations; npm run faults with 100,000
// (FAULTS_RESERVATIONS).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_STREAM, EVENTS_STREAM } from '@voucher/bus';
import { operatorBus } from '@voucher/testing';
import { SERVICES } from '../../scripts/platform.mjs';
import {
  certCampaign,
  certifiedProvider,
  enterpriseWithVoucher,
  firstComeCampaign,
  productBody,
  qualifiedEnterprise,
  reviewerTeam,
  type ReviewerTeam,
} from './actors.ts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';

const RESERVATIONS = Number(process.env.FAULTS_RESERVATIONS ?? 2_000);
const CATEGORIES = Array.from({ length: 10 }, (_, i) => `F0${i}`);
const ENTERPRISES = Math.ceil(RESERVATIONS / CATEGORIES.length);
/** one in ten of each category's reservations wins */
const QUOTA = Math.max(1, Math.floor(ENTERPRISES / 10));
const PAYERS = 3;
const PAYMENTS_EACH = 8;
const GRAB_STOCK = 4;
const GRABBERS = 8;
const PIN = '246810';
/** the product's price, paid in full from a 200,000 fen CERT voucher: 100 payments at most */
const PRICE = 2_000;
const SCHEMAS = [
  'identity',
  'qualification',
  'catalog',
  'lottery',
  'wallet',
  'orders',
  'settlement',
  'scheduler',
  'notifications',
];

let p: JourneyPlatform;
let team: ReviewerTeam;
let productId: string;
let providerToken: string;
let certCampaignId: string;
beforeAll(async () => {
  p = await journeyPlatform(
    'faults',
    {
      ORDERS_SWEEP_MS: '300',
      ORDERS_PAYMENT_SETTLE_AFTER_MS: '1500',
      // every retry of a clear-up counts: the limits are not what this suite tries
      RATE_LIMIT_IP_PER_MINUTE: '100000',
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      RATE_LIMIT_PIN_PER_MINUTE: '100000',
    },
    { cluster: true },
  );
}, 300_000);
afterAll(async () => {
  await p?.close();
});

/** The reviewers, the CERT campaign, and a listed product the payers buy. */
async function reviewersAndProduct(): Promise<void> {
  team = await reviewerTeam(p);
  certCampaignId = await certCampaign(p, team.approver);
  const provider = await certifiedProvider(p, team, '南京故障演练认证服务有限公司');
  providerToken = provider.token;
  const body = await productBody(p, provider.token, '故障演练体系认证');
  // paid in full by a voucher, so each order waits for the provider at once; enough purchases a year
  // for the whole stream of payments (CAT-2)
  body.specs = [{ name: '标准版', purchaseMode: 'per_quantity', pricing: 'simple', price: PRICE }];
  body.voucherTerms = { acceptedCategories: ['CERT'], maxVoucherPerUnit: PRICE, annualLimitPerEnterprise: 100 };
  // catalog learns the CERT category from lottery's event
  let draft: { status: number; body: any } = { status: 0, body: {} };
  await expect
    .poll(async () => (draft = await p.api('POST', '/catalog/products', body, provider.token)).status, {
      timeout: 15_000,
    })
    .toBe(201);
  productId = draft.body.id;
  expect((await p.api('POST', `/catalog/products/${productId}/submit`, undefined, provider.token)).status).toBe(200);
  for (const who of [team.operator, team.expert, team.approver]) {
    expect((await p.api('POST', `/catalog/reviews/${productId}/approve`, undefined, who)).status).toBe(200);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Answer = { status: number; body: any };

/**
 * Asks until the answer is clear: a fault may answer 502/503 (nobody took it) or 504 (it may have run); the
 * same request again, with the same Idempotency-Key where it carries one, tells which.
 */
const unclear = new Map<number, number>();
async function clearly(ask: () => Promise<Answer>): Promise<Answer> {
  const until = Date.now() + 120_000;
  for (;;) {
    // 599: no HTTP answer at all (the connection was cut)
    const a = await ask().catch((err: Error) => ({ status: 599, body: { error: { code: err.message } } }));
    if (a.status < 500 || Date.now() > until) return a;
    unclear.set(a.status, (unclear.get(a.status) ?? 0) + 1);
    await sleep(200);
  }
}

/** The draw's categories and a lottery campaign of one batch, its reservations loaded in bulk (as the bench does). */
async function drawReady(): Promise<{ campaignId: string; batchId: string }> {
  for (const code of CATEGORIES) {
    const made = await p.api(
      'POST',
      '/lottery/categories',
      {
        code,
        name: `${code}故障演练券`,
        faceValue: 50_000,
        validityDays: 180,
        redemptionMode: 'balance',
        annualLimit: 1,
      },
      team.approver,
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  }
  const hour = 3_600_000;
  const now = Date.now();
  const campaign = await p.api(
    'POST',
    '/lottery/campaigns',
    {
      name: '故障演练摇号',
      mode: 'lottery',
      opensAt: new Date(now - hour).toISOString(),
      closesAt: new Date(now + hour).toISOString(),
      categories: CATEGORIES,
      batches: [
        {
          drawAt: new Date(now + 2 * hour).toISOString(),
          publishAt: new Date(now + 3 * hour).toISOString(),
          quotas: Object.fromEntries(CATEGORIES.map((c) => [c, QUOTA])),
        },
      ],
    },
    team.approver,
  );
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
  const year = new Date(campaign.body.opensAt).getFullYear();
  // what qualification's events fill (QUA-9), then every enterprise reserves every category
  await p.query(
    `INSERT INTO lottery.qualifications (enterprise_id, year, approved, complete)
     SELECT gen_random_uuid(), $1, true, true FROM generate_series(1, $2)`,
    [year, ENTERPRISES],
  );
  await p.query(
    `INSERT INTO lottery.enterprises (enterprise_id, company_name, district, certified)
     SELECT enterprise_id, '故障演练' || row_number() OVER () || '有限公司', '玄武区', true
     FROM lottery.qualifications q WHERE NOT EXISTS (SELECT 1 FROM lottery.enterprises e WHERE e.enterprise_id = q.enterprise_id)`,
  );
  await p.query(
    `INSERT INTO lottery.reservations (id, campaign_id, enterprise_id, category_code, state)
     SELECT gen_random_uuid(), $1, q.enterprise_id, c.code, 'pending'
     FROM lottery.qualifications q JOIN lottery.enterprises e USING (enterprise_id)
     CROSS JOIN unnest($2::text[]) AS c(code)
     WHERE e.company_name LIKE '故障演练%'`,
    [campaign.body.id, CATEGORIES],
  );
  // the wallet learns the categories from lottery's events before it can issue them
  await expect
    .poll(
      async () =>
        (await p.query<{ n: number }>(`SELECT count(*)::int AS n FROM wallet.categories WHERE code LIKE 'F0%'`))[0]!.n,
      {
        timeout: 30_000,
      },
    )
    .toBe(CATEGORIES.length);
  return { campaignId: campaign.body.id, batchId: campaign.body.batches[0].id };
}

/** LOT-5: the window closes and the batch falls due; the scheduler's next tick draws it, and publishes it after. */
async function fallDue(campaignId: string): Promise<void> {
  await p.query(`UPDATE lottery.campaigns SET closes_at = now() - interval '2 seconds' WHERE id = $1`, [campaignId]);
  await p.query(
    `UPDATE lottery.batches SET draw_at = now() - interval '1 second', publish_at = now() + interval '5 seconds'
     WHERE campaign_id = $1`,
    [campaignId],
  );
}

/** Orders paid with a voucher one after another, each asked until clearly answered; every third is declined (refund). */
async function payments(payer: { token: string; voucherId: string }, provider: string, until: () => boolean) {
  const accepted: string[] = [];
  // at least PAYMENTS_EACH, and on until the faults are over, a few a second (within CAT-2's 100 a year)
  for (let i = 0; i < 90 && (i < PAYMENTS_EACH || !until()); i++) {
    await sleep(200);
    const key = randomUUID();
    const placed = await clearly(() =>
      p.api(
        'POST',
        '/orders',
        {
          productId,
          specName: '标准版',
          quantity: 1,
          agreementAccepted: true,
          vouchers: [{ voucherId: payer.voucherId, amount: PRICE }],
          pin: PIN,
        },
        payer.token,
        { 'idempotency-key': key },
      ),
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    accepted.push(placed.body.id);
    // every third is declined by the provider (a refund), once its voucher payment has settled
    if (i % 3 === 2) await decline(placed.body.id, provider);
  }
  return accepted;
}

/**
 * The provider's decline, asked until it is clear: done, or the order already cancelled (a decline that
 * ran before its answer was lost), or gone (a placement whose voucher payment never happened is removed,
 * ORD-3). While the payment is still in doubt the order answers INVALID_STATE with `requested`: later.
 */
async function decline(orderId: string, provider: string): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const a = await clearly(() => p.api('POST', `/orders/${orderId}/decline`, { reason: '档期已满' }, provider));
    const details = a.body?.error?.details;
    if (a.status === 200 || a.status === 404 || details?.state === 'cancelled') return;
    expect(details?.paymentState, JSON.stringify(a.body)).toBe('requested');
    if (Date.now() > until) expect.fail(`still in doubt after 60 s: ${JSON.stringify(await inDoubt(orderId))}`);
    await sleep(300);
  }
}

/** What holds an order's payment in doubt: the order, the wallet's fence, and the transactions open meanwhile. */
async function inDoubt(orderId: string) {
  return {
    order: await p.query(`SELECT state, payment_state, payment_requested_at FROM orders.orders WHERE id = $1`, [
      orderId,
    ]),
    payment: await p.query(`SELECT state, total FROM wallet.payments WHERE order_id = $1`, [orderId]),
    open: await p.query(
      `SELECT state, wait_event_type, now() - xact_start AS age, left(query, 160) AS query FROM pg_stat_activity
       WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()`,
    ),
  };
}

/** Every first-come claim asked until clearly answered: a win, ALREADY_RESERVED (a win that answered late) or SOLD_OUT. */
async function grab(campaignId: string, claimants: { token: string; id: string }[]) {
  const outcomes = await Promise.all(
    claimants.map(async (e) => {
      const a = await clearly(() =>
        p.api('POST', `/lottery/campaigns/${campaignId}/claims`, { category: 'CERT' }, e.token),
      );
      const code = a.body?.error?.code as string | undefined;
      expect(a.status === 201 || code === 'ALREADY_RESERVED' || code === 'SOLD_OUT', JSON.stringify(a.body)).toBe(true);
      return { e, won: code !== 'SOLD_OUT' };
    }),
  );
  return outcomes.filter((o) => o.won).map((o) => o.e);
}

/** Every fault of A8 at once, a second apart, then everything back; each noted at its time since `since`. */
async function everyFault(since: number, timeline: Record<string, number>): Promise<void> {
  const c = p.cluster!;
  const at = (fault: string) => (timeline[fault] = Date.now() - since);
  await c.nats.kill(0);
  at('natsNodeKilled');
  await sleep(1_000);
  await Promise.all(SERVICES.map((s) => p.platform.kill(s, 0)));
  at('replicasKilled');
  await sleep(1_000);
  await c.postgres.restart();
  at('postgresRestarted');
  await sleep(1_000);
  await c.redis.restart();
  at('redisRestarted');
  await sleep(1_000);
  await c.nats.restart(0);
  for (const s of SERVICES) await p.platform.restart(s, 0);
  at('allBack');
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await p.query<{ n: number }>(sql, params))[0]!.n;
}

describe(`every fault at once during a draw of ${RESERVATIONS} reservations, payments and a grab (A8)`, () => {
  it('issues one voucher per winner, deducts each payment once, oversells nothing, and leaves no event behind', async () => {
    const year = new Date().getFullYear();
    await reviewersAndProduct();
    const payers = [];
    for (let i = 0; i < PAYERS; i++) {
      payers.push(await enterpriseWithVoucher(p, team.officer, certCampaignId, `故障付款${i}有限公司`, PIN));
    }
    const grabCampaignId = await firstComeCampaign(p, team.approver, '故障演练先到先得', GRAB_STOCK);
    const claimants = [];
    for (let i = 0; i < GRABBERS; i++)
      claimants.push(await qualifiedEnterprise(p, team.officer, `故障抢券${i}有限公司`, year));
    const { campaignId, batchId } = await drawReady();

    await fallDue(campaignId);
    const dueAt = Date.now();
    const timeline: Record<string, number> = {};
    let faultsOver = false;
    const faults = everyFault(dueAt, timeline).finally(() => (faultsOver = true));
    const [paid, grabbed] = await Promise.all([
      Promise.all(payers.map((payer) => payments(payer, providerToken, () => faultsOver))),
      (async () => {
        await sleep(1_500); // in the middle of the faults
        return grab(grabCampaignId, claimants);
      })(),
      faults,
    ]);

    // the draw and its publication end, whatever the faults interrupted (LOT-5, LOT-7)
    await expect
      .poll(
        async () =>
          (await p.query<{ state: string }>(`SELECT state FROM lottery.batches WHERE id = $1`, [batchId]))[0]!.state,
        {
          timeout: 180_000,
          interval: 1_000,
        },
      )
      .toBe('published');
    const wins = await count(`SELECT count(*)::int AS n FROM lottery.wins WHERE batch_id = $1`, [batchId]);
    expect(wins).toBe(QUOTA * CATEGORIES.length);
    const perCategory = await p.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM lottery.wins WHERE batch_id = $1 GROUP BY category_code`,
      [batchId],
    );
    expect(perCategory.every((r) => r.n <= QUOTA)).toBe(true);
    // LOT-4: annual limit 1 per category
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM lottery.wins WHERE category_code LIKE 'F0%'
         GROUP BY enterprise_id, category_code HAVING count(*) > 1) x`,
      ),
    ).toBe(0);

    // every winner holds exactly one voucher (its id is the win's) with one + entry (WAL-1)
    await expect
      .poll(() => count(`SELECT count(*)::int AS n FROM wallet.vouchers WHERE batch_id = $1`, [batchId]), {
        timeout: 180_000,
        interval: 1_000,
      })
      .toBe(wins);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM lottery.wins w JOIN wallet.vouchers v ON v.id = w.id AND v.enterprise_id = w.enterprise_id
         WHERE w.batch_id = $1`,
        [batchId],
      ),
    ).toBe(wins);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT l.voucher_id FROM wallet.ledger l JOIN wallet.vouchers v ON v.id = l.voucher_id
         WHERE v.batch_id = $1 AND l.kind = 'issue' AND l.amount > 0 GROUP BY l.voucher_id HAVING count(*) = 1) x`,
        [batchId],
      ),
    ).toBe(wins);

    // the grab sold its whole stock and no more (more asked than it had), each who won holds one voucher (LOT-9)
    expect(grabbed.length).toBe(GRAB_STOCK);
    const grabWins = await count(`SELECT count(*)::int AS n FROM lottery.wins WHERE campaign_id = $1`, [
      grabCampaignId,
    ]);
    expect(grabWins).toBe(grabbed.length);
    await expect
      .poll(() => count(`SELECT count(*)::int AS n FROM wallet.vouchers WHERE campaign_id = $1`, [grabCampaignId]), {
        timeout: 60_000,
      })
      .toBe(grabWins);

    // every accepted payment was deducted once; a declined one refunded once (WAL-4, WAL-5, ORD-3)
    const orderIds = paid.flat();
    await expect
      .poll(
        () =>
          count(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1) AND payment_state LIKE '%requested'`, [
            orderIds,
          ]),
        { timeout: 60_000 },
      )
      .toBe(0);
    // from the ledger's side: each order answered 201 is paid (one - entry), refunded (one -, one +) or, when its
    // voucher payment never happened, gone or unpaid with no entry at all
    const entries = await p.query<{
      id: string;
      payment_state: string | null;
      voucher_amount: number;
      pays: number;
      refunds: number;
      net: number;
    }>(
      `SELECT ids.id, o.payment_state, coalesce(o.voucher_amount, 0)::int AS voucher_amount,
              count(l.*) FILTER (WHERE l.kind = 'payment')::int AS pays,
              count(l.*) FILTER (WHERE l.kind = 'refund')::int AS refunds,
              coalesce(sum(l.amount), 0)::int AS net
       FROM unnest($1::uuid[]) AS ids(id)
       LEFT JOIN orders.orders o ON o.id = ids.id
       LEFT JOIN wallet.ledger l ON l.order_id = ids.id
       GROUP BY ids.id, o.payment_state, o.voucher_amount`,
      [orderIds],
    );
    expect(entries).toHaveLength(orderIds.length);
    for (const o of entries) {
      if (o.payment_state === 'paid') expect([o.pays, o.refunds, o.net], o.id).toEqual([1, 0, -o.voucher_amount]);
      else if (o.payment_state === 'refunded') expect([o.pays, o.refunds, o.net], o.id).toEqual([1, 1, 0]);
      else {
        expect(['none', null], o.id).toContain(o.payment_state);
        expect([o.pays, o.refunds], o.id).toEqual([0, 0]);
      }
    }
    expect(entries.filter((o) => o.payment_state === 'paid' || o.payment_state === 'refunded').length).toBeGreaterThan(
      0,
    );
    // and nothing else was taken from the payers' vouchers
    for (const [i, payer] of payers.entries()) {
      const [v] = await p.query<{ balance: number; face_value: number }>(
        `SELECT balance::int AS balance, face_value::int AS face_value FROM wallet.vouchers WHERE id = $1`,
        [payer.voucherId],
      );
      const spent = entries
        .filter((o) => paid[i]!.includes(o.id) && o.payment_state === 'paid')
        .reduce((sum, o) => sum + o.voucher_amount, 0);
      expect(v!.balance, payer.voucherId).toBe(v!.face_value - spent);
    }

    // the ledger integrity check holds (WAL-3)
    const integrity = await p.api('GET', '/admin/wallet/integrity', undefined, team.admin);
    expect(integrity.status).toBe(200);
    expect(integrity.body).toMatchObject({ ok: true, mismatches: [] });

    // no event is left in an outbox, a consumer or a dead letter (A5)
    await expect
      .poll(
        async () => {
          let unsent = 0;
          for (const s of SCHEMAS)
            unsent += await count(`SELECT count(*)::int AS n FROM ${s}.outbox WHERE sent_at IS NULL`);
          return unsent;
        },
        { timeout: 60_000 },
      )
      .toBe(0);
    const bus = await operatorBus(p.iso.busPrefix, { url: p.iso.env.NATS_URL!, keysDir: p.iso.env.BUS_KEYS_DIR! });
    try {
      const dead = await bus.jsm.streams.info(bus.naming.stream(DEAD_LETTER_STREAM)).catch(() => null);
      expect(dead?.state.messages ?? 0).toBe(0);
      await expect
        .poll(
          async () => {
            let waiting = 0;
            for await (const c of bus.jsm.consumers.list(bus.naming.stream(EVENTS_STREAM))) {
              waiting += c.num_pending + c.num_ack_pending;
            }
            return waiting;
          },
          { timeout: 60_000 },
        )
        .toBe(0);
    } finally {
      await bus.close();
    }
    // what the run went through, for npm run faults' report: answers a fault made unclear, by status
    process.stdout.write(
      `${JSON.stringify({
        reservations: RESERVATIONS,
        winners: wins,
        payments: orderIds.length,
        grabbed: grabbed.length,
        unclearAnswers: Object.fromEntries(unclear),
        settledMs: Date.now() - dueAt,
        // when the faults struck and when the draw and its issuing ended, in ms after the batch fell due
        timeline: {
          ...timeline,
          drawn: await count(
            `SELECT ((extract(epoch FROM drawn_at) * 1000)::bigint - $2::bigint)::int AS n FROM lottery.batches WHERE id = $1`,
            [batchId, dueAt],
          ),
          lastVoucherIssued: await count(
            `SELECT ((extract(epoch FROM max(l.at)) * 1000)::bigint - $2::bigint)::int AS n FROM wallet.ledger l
             JOIN wallet.vouchers v ON v.id = l.voucher_id WHERE v.batch_id = $1 AND l.kind = 'issue'`,
            [batchId, dueAt],
          ),
        },
      })}\n`,
    );
  }, 900_000);
});
