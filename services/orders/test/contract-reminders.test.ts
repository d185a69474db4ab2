import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { orderEvents, orders, systemCaller, type DataOf, type OrderState } from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { ordersService } from '../src/service.ts';

/**
 * Issue 18 item 2 (ORD-5, GD: 30 days to upload the contract): an order
 * without its contract is reminded 7 days and again 1 day before the
 * `cancel-overdue-contracts` job cancels it. Against the real PostgreSQL and
 * NATS: the orders are written as the flow leaves them, the job's command is
 * called as the scheduler, and the events are read from the outbox.
 */
const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
let iso: Isolation;
let service: RunningService;
let client: TestClient;
const DAY = 86_400_000;

beforeAll(async () => {
  iso = await isolate('ordersremind');
  service = await startService(ordersService, { env: iso.env, installSignals: false, migrationsDir });
  client = await testClient(iso);
});
afterAll(async () => {
  await client?.close();
  await service?.stop();
  await iso?.dispose();
});

let serial = 0;

/** An order in `state` whose vouchers were issued `issuedDaysAgo` days ago (the contract deadline counts from it). */
async function order(
  state: OrderState,
  issuedDaysAgo: number,
  paymentState: 'paid' | 'none' = 'paid',
): Promise<{ id: string; enterpriseId: string; providerId: string }> {
  const id = uuidv7();
  const enterpriseId = uuidv7();
  const providerId = uuidv7();
  const orderNo = `20261206120000000${String(++serial).padStart(7, '0')}`;
  await sql`INSERT INTO orders (id, order_no, enterprise_id, provider_id, provider_name, product_id, product_version,
                                product_name, spec_name, unit_price, quantity, total_amount, voucher_amount, cash_due,
                                state, payment_state, year)
            VALUES (${id}, ${orderNo}, ${enterpriseId}, ${providerId}, '南京提醒服务商', ${uuidv7()}, 1,
                    '数字化转型诊断', '标准版', 300000, 1, 300000, 200000, 100000, ${state}, ${paymentState}, 2026)`.execute(
    service.db,
  );
  await sql`INSERT INTO order_vouchers (order_id, voucher_id, amount, issued_at)
            VALUES (${id}, ${uuidv7()}, 200000, now() - make_interval(secs => ${issuedDaysAgo * 86_400}))`.execute(
    service.db,
  );
  return { id, enterpriseId, providerId };
}

type ContractDue = DataOf<typeof orderEvents.contractDue>;

async function remindersOf(orderId: string): Promise<ContractDue[]> {
  const r = await sql<{ data: ContractDue }>`
    SELECT envelope->'data' AS data FROM outbox
    WHERE subject = ${orderEvents.contractDue.type} AND envelope->'data'->>'orderId' = ${orderId}
    ORDER BY id`.execute(service.db);
  return r.rows.map((row) => row.data);
}

const runJob = () => client.call(orders.remindContractsDue, {}, systemCaller);

describe('ORD-5 the contract deadline, reminded (issue 18 item 2)', () => {
  it('reminds an accepted order without its contract 7 days and again 1 day before it is cancelled, once each', async () => {
    const o = await order('accepted', 24);
    await runJob();
    await runJob();
    const [seven] = await remindersOf(o.id);
    expect(seven).toMatchObject({
      orderId: o.id,
      enterpriseId: o.enterpriseId,
      providerId: o.providerId,
      productName: '数字化转型诊断',
      state: 'accepted',
      daysLeft: 7,
    });
    // cancelled 30 days (the programme's contractDeadlineDays) after the vouchers were issued
    expect(Math.abs(new Date(seven!.cancelAt).getTime() - (Date.now() + 6 * DAY))).toBeLessThan(60_000);

    await sql`UPDATE order_vouchers SET issued_at = issued_at - interval '5 days 12 hours' WHERE order_id = ${o.id}`.execute(
      service.db,
    );
    await runJob();
    await runJob();
    expect((await remindersOf(o.id)).map((r) => r.daysLeft)).toEqual([7, 1]);
    expect(await runJob()).toEqual({ reminded: 0 });
  });

  it('reminds an order still waiting for its provider, with its state, so the provider is told too', async () => {
    const o = await order('awaiting_provider', 29.5);
    await runJob();
    expect((await remindersOf(o.id)).map((r) => [r.state, r.daysLeft])).toEqual([['awaiting_provider', 1]]);
  });

  it('does not remind an order with its contract, one cancelled, one with nothing paid by voucher, or one far from its deadline', async () => {
    const inService = await order('in_service', 25);
    const cancelled = await order('cancelled', 25);
    const unpaid = await order('pending_payment', 25, 'none');
    const early = await order('accepted', 10);
    const past = await order('accepted', 31);
    await runJob();
    for (const o of [inService, cancelled, unpaid, early, past]) expect(await remindersOf(o.id)).toEqual([]);
  });

  it('is a job for the scheduler, not for enterprises', async () => {
    expect((await client.refusal(orders.remindContractsDue, {}, { userId: uuidv7(), role: 'enterprise' })).code).toBe(
      'FORBIDDEN',
    );
  });
});
