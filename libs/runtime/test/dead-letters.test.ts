import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendEvent, DEAD_LETTER_STREAM, startConsumer } from '@voucher/bus';
import { AppError, deadLetterCommands, defineEvent, type Caller, type DeadLetterEntry } from '@voucher/contracts';
import { auditHistory } from '@voucher/db';
import type { RunningService } from '../src/index.ts';
import { fixtureBus, type FixtureBus } from './harness.ts';

/**
 * Issue 19 item 4: `startService` answers the dead-letter commands of every
 * service that parks dead letters, here the wallet (not notifications, which
 * had them first): an admin lists, replays and discards, each action audited
 * in the service's own audit log; anyone else is refused.
 */
const CONSUMER = 'wallet-dlqtest';
const happened = defineEvent('evt.wallet.dlqtest.happened', z.object({ n: z.number().int() }));
const commands = deadLetterCommands('wallet');

let world: FixtureBus;
let wallet: RunningService;
/** the events the consumer fails on, until a test heals them */
const failing = new Set<number>();
const handled: number[] = [];

beforeAll(async () => {
  world = await fixtureBus('deadletters', {
    service: 'wallet',
    commands: Object.values(commands),
    consumer: { name: CONSUMER, events: [happened] },
  });
  wallet = await world.start({
    name: 'wallet',
    async register({ bus, db }) {
      const consumer = await startConsumer({
        bus,
        db,
        name: CONSUMER,
        event: happened,
        maxDeliver: 1,
        handle: async (event) => {
          if (failing.has(event.data.n)) throw new Error(`event ${event.data.n} fails`);
          handled.push(event.data.n);
        },
      });
      return { consumers: [consumer] };
    },
  });
});
afterAll(async () => {
  await wallet?.stop();
  await world?.close();
});

/** A caller as the gateway asserts it; an admin unless told. */
const aCaller = (role: Caller['role'] = 'admin'): Caller => ({ userId: randomUUID(), role });
const as = (caller: Caller) => ({ requestId: `dlq-${randomUUID()}`, caller });
const admin = aCaller();

const list = async () => (await world.gateway.request(commands.list, { page: 1, pageSize: 100 }, as(admin))).items;
const auditOf = (seq: number) =>
  auditHistory(wallet.db, 'dead_letter', `${wallet.bus.naming.stream(DEAD_LETTER_STREAM)}:${seq}`);

/** Records event `n` through the wallet's outbox, failing in its consumer, and waits for its dead letter. */
async function parkedEvent(n: number, replayedFrom: number | null = null): Promise<DeadLetterEntry> {
  failing.add(n);
  // this event's own dead letter, by its id: an earlier test's may still be listed
  const eventId =
    replayedFrom === null
      ? (await wallet.db.transaction().execute((trx) => appendEvent(trx, happened, { n }))).id
      : undefined;
  const mine = (d: DeadLetterEntry) =>
    eventId === undefined ? d.replayedFrom === replayedFrom : d.eventId === eventId && d.replayedFrom === null;
  let found: DeadLetterEntry | undefined;
  await expect.poll(async () => (found = (await list()).find(mine)), { timeout: 10_000 }).toBeDefined();
  return found!;
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err as AppError,
  );

describe('dead letters of any service (issue 19 item 4)', () => {
  it('lists a dead letter to an admin with its consumer, event, times, deliveries and reason, never its data', async () => {
    const parked = await parkedEvent(1);
    expect(parked).toEqual({
      seq: expect.any(Number),
      consumer: CONSUMER,
      eventType: happened.type,
      eventId: expect.any(String),
      deadLetteredAt: expect.any(String),
      publishedAt: expect.any(String),
      deliveries: 1,
      reason: 'event 1 fails',
      replayable: true,
      replayedFrom: null,
      history: [],
    });
    expect(JSON.stringify(await list())).not.toContain('"n"');
  });

  it('replays a dead letter for an admin to the consumer that failed, and audits it', async () => {
    const parked = await parkedEvent(2);
    failing.delete(2);
    const replayed = await world.gateway.request(commands.replay, { seq: parked.seq }, as(admin));
    expect(replayed).toMatchObject({ seq: parked.seq, consumer: CONSUMER, eventId: parked.eventId });
    await expect.poll(() => handled.includes(2), { timeout: 10_000 }).toBe(true);
    expect((await list()).map((d) => d.seq)).not.toContain(parked.seq);
    expect(await auditOf(parked.seq)).toEqual([
      expect.objectContaining({ action: 'replayed', role: 'admin', reason: null }),
    ]);
  });

  it('shows a replay that failed again with what the admin did to the dead letter it came from', async () => {
    const parked = await parkedEvent(3);
    await world.gateway.request(commands.replay, { seq: parked.seq }, as(admin));
    const again = await parkedEvent(3, parked.seq);
    expect(again.eventId).toBe(parked.eventId);
    expect(again.history).toEqual([{ action: 'replayed', role: 'admin', reason: null, at: expect.any(String) }]);
  });

  it('discards a dead letter for an admin with its reason, audited; one gone is NOT_FOUND and not audited again', async () => {
    const parked = await parkedEvent(4);
    const discarded = await world.gateway.request(
      commands.discard,
      { seq: parked.seq, reason: 'a test event' },
      as(admin),
    );
    expect(discarded).toMatchObject({ seq: parked.seq, consumer: CONSUMER, eventId: parked.eventId });
    expect((await list()).map((d) => d.seq)).not.toContain(parked.seq);
    expect((await refusal(world.gateway.request(commands.discard, { seq: parked.seq }, as(admin)))).code).toBe(
      'NOT_FOUND',
    );
    expect((await refusal(world.gateway.request(commands.replay, { seq: parked.seq }, as(admin)))).code).toBe(
      'NOT_FOUND',
    );
    expect(await auditOf(parked.seq)).toEqual([
      expect.objectContaining({ action: 'discarded', role: 'admin', reason: 'a test event' }),
    ]);
    expect(handled).not.toContain(4);
  });

  it.each(['operator', 'finance', 'enterprise'] as const)(
    'refuses a %s the list, the replay and the discard (FORBIDDEN), and audits nothing',
    async (role) => {
      const parked = await parkedEvent(10 + ['operator', 'finance', 'enterprise'].indexOf(role));
      const caller = aCaller(role);
      const refused = await Promise.all([
        refusal(world.gateway.request(commands.list, { page: 1, pageSize: 20 }, as(caller))),
        refusal(world.gateway.request(commands.replay, { seq: parked.seq }, as(caller))),
        refusal(world.gateway.request(commands.discard, { seq: parked.seq }, as(caller))),
      ]);
      expect(refused.map((e) => e.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect((await list()).map((d) => d.seq)).toContain(parked.seq);
      expect(await auditOf(parked.seq)).toEqual([]);
    },
  );

  it('refuses a caller the gateway did not assert (UNAUTHENTICATED)', async () => {
    const refused = await refusal(
      world.gateway.request(commands.list, { page: 1, pageSize: 20 }, { requestId: 'anon' }),
    );
    expect(refused.code).toBe('UNAUTHENTICATED');
  });
});
