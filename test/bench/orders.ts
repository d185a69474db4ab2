// Issue 8's figure: orders placed and paid with a voucher and the PIN through the
// gateway (ARCHITECTURE A10's payment target: ≥ 1,000/s, zero double spend), next
// to the bare gateway→NATS echo measured in the same run.
import { v7 as uuidv7 } from 'uuid';
import { lotteryEvents, wallet, type Caller } from '@voucher/contracts';
import { publishEvent, testClient } from '@voucher/testing';
import { benchToken, CONNECTIONS, DURATION_S, load } from './http-load.ts';
import { cpuShares } from './cpu-shares.ts';
import { loadPlatform } from './load-platform.ts';
import { pgbenchFloor } from './pgbench-floor.ts';
import { seedPins } from './pins.ts';

const PAYERS = Number(process.env.BENCH_ORDER_PAYERS ?? 2_000);
const PIN = '246810';
const PRICE = 10_000;
const VOUCHER_PART = 1_000;

export async function run(): Promise<object> {
  const p = await loadPlatform('benchorders', 18960, { RATE_LIMIT_PIN_PER_MINUTE: '100000000' });
  const { db, platform } = p;
  const client = await testClient(p.iso, { requestTimeoutMs: 60_000 });
  try {
    // a listed product taking BENCH vouchers, as the catalog's review would have left it
    const providerId = uuidv7();
    const productId = uuidv7();
    const content = {
      name: '基准诊断服务',
      category: '诊断服务',
      region: '南京市',
      specs: [{ name: '标准版', purchaseMode: 'per_quantity', pricing: 'simple', price: PRICE }],
      voucherTerms: { acceptedCategories: ['BENCH'], maxVoucherPerUnit: PRICE, annualLimitPerEnterprise: 100 },
    };
    await db.query(
      `INSERT INTO catalog.providers (provider_id, company_name, region, certified) VALUES ($1, '南京基准服务商有限公司', '南京市', true)`,
      [providerId],
    );
    await db.query(`INSERT INTO catalog.products (id, provider_id, state, content) VALUES ($1, $2, 'listed', $3)`, [
      productId,
      providerId,
      JSON.stringify(content),
    ]);
    await db.query(
      `INSERT INTO catalog.listings (product_id, version, provider_id, provider_name, name, category, region, min_price, max_price,
         search_text, search_terms, content) VALUES ($1, 1, $2, '南京基准服务商有限公司', $3, $4, $5, $6, $6, '', '{}', $7)`,
      [productId, providerId, content.name, content.category, content.region, PRICE, JSON.stringify(content)],
    );

    // certified enterprises, each with one voucher of 10,000.00 yuan and a PIN
    const payers: Caller[] = Array.from({ length: PAYERS }, () => ({ userId: uuidv7(), role: 'enterprise' }));
    await db.query(
      `INSERT INTO orders.enterprises (enterprise_id, company_name, district, city, certified)
       SELECT unnest($1::uuid[]), '南京基准企业', '玄武区', '南京市', true`,
      [payers.map((p) => p.userId)],
    );
    const category = { code: 'BENCH', name: '基准券', faceValue: 1_000_000, validityDays: 365, validUntil: null };
    await publishEvent(client, lotteryEvents.categoryCreated, {
      ...category,
      redemptionMode: 'balance',
      annualLimit: 1,
    });
    for (let c = 0; c * 1000 < PAYERS; c++) {
      await publishEvent(client, lotteryEvents.winsRecorded, {
        batchId: uuidv7(),
        campaignId: uuidv7(),
        category: 'BENCH',
        source: 'grab',
        visibleFrom: null,
        chunk: c,
        wins: payers
          .slice(c * 1000, (c + 1) * 1000)
          .map((p) => ({ winId: uuidv7(), enterpriseId: p.userId, reservationId: null })),
      });
    }
    for (;;) {
      const n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wallet.vouchers')).rows[0]!.n;
      if (n >= PAYERS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await seedPins(
      db,
      payers.map((p) => p.userId),
      PIN,
    );
    const voucherOf = new Map(
      (await db.query<{ id: string; enterprise_id: string }>('SELECT id, enterprise_id FROM wallet.vouchers')).rows.map(
        (r) => [r.enterprise_id, r.id],
      ),
    );
    const requests = payers.map((p) => ({
      authorization: `Bearer ${benchToken(p.userId, 'enterprise')}`,
      body: JSON.stringify({
        productId,
        specName: '标准版',
        quantity: 1,
        agreementAccepted: true,
        vouchers: [{ voucherId: voucherOf.get(p.userId)!, amount: VOUCHER_PART }],
        pin: PIN,
      }),
    }));

    let n = 0;
    // where the cores go while orders are placed and paid: each service's share (issue 20 item 4)
    const { result: placed, cpu } = await cpuShares(() =>
      load(`${platform.gatewayUrl}/api/v1/orders`, undefined, {
        requestFor: () => {
          const r = requests[n++ % requests.length]!;
          return { headers: { authorization: r.authorization, 'content-type': 'application/json' }, body: r.body };
        },
      }),
    );
    // requests still in flight when the load stopped finish before the books are read
    await new Promise((r) => setTimeout(r, 2000));
    const outcome = (
      await db.query<{ orders: number; paid: number; deducted: string; negative: number }>(
        `SELECT (SELECT count(*)::int FROM orders.orders WHERE payment_state = 'paid') AS orders,
                (SELECT count(*)::int FROM wallet.payments WHERE state = 'paid') AS paid,
                (SELECT coalesce(sum(total), 0)::text FROM wallet.payments WHERE state = 'paid') AS deducted,
                (SELECT count(*)::int FROM wallet.vouchers WHERE balance < 0) AS negative`,
      )
    ).rows[0]!;
    const integrity = await client.call(wallet.integrity, {}, { userId: uuidv7(), role: 'admin' });
    const floor = await p.floor();
    // the platform is stopped by now: pgbench has the cores to itself, as the echo had (item 7: a write path)
    const pgbench = await pgbenchFloor(p.iso.databaseUrl);
    return {
      at: new Date().toISOString(),
      target: '≥ 1,000 payments/s, zero double spend (A10: voucher payment with PIN, deduction, ledger, order state)',
      placeAndPay: { ...placed, connections: CONNECTIONS, seconds: DURATION_S, payers: PAYERS, cpu },
      outcome: {
        created: placed.statusCodes['201'] ?? 0,
        ordersPaid: outcome.orders,
        walletPayments: outcome.paid,
        deductedFen: Number(outcome.deducted),
        expectedFen: outcome.paid * VOUCHER_PART,
        vouchersBelowZero: outcome.negative,
        integrityOk: integrity.ok,
      },
      floors: { gatewayNatsEcho: floor, pgbenchTpcb: pgbench },
      ratio: +(placed.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
      ratioToPgbenchTps: +(placed.requestsPerSecond / pgbench.tps).toFixed(3),
    };
  } finally {
    await client.close();
    await p.close();
  }
}
