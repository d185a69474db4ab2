import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '@voucher/contracts';
import {
  deadLetterSubject,
  DeadLetters,
  DEAD_LETTER_STREAM,
  EVENTS_STREAM,
  REPLAYED_FROM_HEADER,
  startConsumer,
  type Bus,
} from '../src/index.ts';
import { harness, otherHappened, thingHappened, waitFor, type Harness } from './harness.ts';

/**
 * ARCHITECTURE A5, issue 18 item 6, issue 19 item 4: a service lists,
 * replays and discards its own dead letters only; the bus lets only a service
 * declaring `replayDeadLetter` read them.
 */
let h: Harness;
let crasher: Bus;
/** the operator's tooling: reads the events stream, which no service may read message by message */
let operator: Bus;
beforeAll(async () => {
  h = await harness('deadletters');
  crasher = await h.connectBus('crasher');
  operator = await h.connectBus('operator');
});
afterAll(() => h?.close());

const envelope = (id: string, type = thingHappened.type) =>
  JSON.stringify({ id, type, occurredAt: new Date().toISOString(), producer: 'bustest', version: 1, data: { n: 1 } });

/** parks a message as startConsumer does */
async function park(bus: Bus, consumer: string, originalSubject: string, data: string): Promise<number> {
  const h2 = natsHeaders();
  h2.set('x-original-subject', originalSubject);
  h2.set('x-consumer', consumer);
  h2.set('x-deliveries', '5');
  h2.set('x-reason', 'handler failed');
  const ack = await bus.js.publish(bus.naming.subject(deadLetterSubject(bus.service, consumer)), data, {
    headers: h2,
  });
  return ack.seq;
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err as AppError,
  );

describe('DeadLetters', () => {
  it('lists its own dead letters only, by event type and id, and replays one to its subject under a new message id', async () => {
    const own = new DeadLetters(h.bus);
    const id = uuidv7();
    const mine = await park(h.bus, 'bustest-once', h.bus.naming.subject(thingHappened.type), envelope(id));
    const theirs = await park(
      crasher,
      'crasher-parked',
      crasher.naming.subject(thingHappened.type),
      envelope(uuidv7()),
    );

    const page = await own.list({ page: 1, pageSize: 20 });
    expect(page.items.map((d) => d.seq)).toContain(mine);
    expect(page.items.map((d) => d.seq)).not.toContain(theirs);
    expect(page.items.find((d) => d.seq === mine)).toEqual({
      seq: mine,
      consumer: 'bustest-once',
      eventType: thingHappened.type,
      eventId: id,
      deadLetteredAt: expect.any(String),
      publishedAt: null,
      deliveries: 5,
      reason: 'handler failed',
      replayable: true,
      replayedFrom: null,
    });
    expect(JSON.stringify(page)).not.toContain('"n"');

    // another's dead letter is not found, and stays
    expect((await refusal(own.replay(theirs))).code).toBe('NOT_FOUND');
    expect(await h.bus.jsm.streams.getMessage(h.bus.naming.stream(DEAD_LETTER_STREAM), { seq: theirs })).not.toBeNull();

    const replayed = await own.replay(mine);
    expect(replayed).toMatchObject({ seq: mine, eventId: id, eventType: thingHappened.type });
    const last = await operator.jsm.streams.getMessage(h.bus.naming.stream(EVENTS_STREAM), {
      last_by_subj: h.bus.naming.subject(thingHappened.type),
    });
    expect(JSON.parse(new TextDecoder().decode(last!.data)).id).toBe(id);
    expect(last!.header.get(REPLAYED_FROM_HEADER)).toBe(String(mine));
    expect(last!.header.get('Nats-Msg-Id')).toBe(`replay:${h.bus.naming.stream(DEAD_LETTER_STREAM)}:${mine}`);
    expect((await own.list({ page: 1, pageSize: 20 })).items.map((d) => d.seq)).not.toContain(mine);
    expect((await refusal(own.replay(mine))).code).toBe('NOT_FOUND');
  });

  it('lists but does not replay an unreadable envelope or another service’s event', async () => {
    const own = new DeadLetters(h.bus);
    const unreadable = await park(h.bus, 'bustest-poison', h.bus.naming.subject(thingHappened.type), 'not json');
    const foreign = await park(
      h.bus,
      'bustest-apply',
      'evt.wallet.voucher.issued',
      envelope(uuidv7(), 'evt.wallet.voucher.issued'),
    );
    const items = (await own.list({ page: 1, pageSize: 100 })).items;
    expect(items.find((d) => d.seq === unreadable)).toMatchObject({ eventId: null, replayable: false });
    expect(items.find((d) => d.seq === foreign)).toMatchObject({
      eventType: 'evt.wallet.voucher.issued',
      replayable: false,
    });
    expect((await refusal(own.replay(unreadable))).code).toBe('INVALID_STATE');
    expect((await refusal(own.replay(foreign))).code).toBe('INVALID_STATE');
  });

  it('discards its own dead letter for good; another service’s, or one gone already, is NOT_FOUND', async () => {
    const own = new DeadLetters(h.bus);
    const id = uuidv7();
    const mine = await park(h.bus, 'bustest-once', h.bus.naming.subject(thingHappened.type), envelope(id));
    const theirs = await park(
      crasher,
      'crasher-parked',
      crasher.naming.subject(thingHappened.type),
      envelope(uuidv7()),
    );

    expect((await refusal(own.discard(theirs))).code).toBe('NOT_FOUND');
    expect(await h.bus.jsm.streams.getMessage(h.bus.naming.stream(DEAD_LETTER_STREAM), { seq: theirs })).not.toBeNull();

    const discarded = await own.discard(mine);
    expect(discarded).toEqual({
      seq: mine,
      consumer: 'bustest-once',
      eventType: thingHappened.type,
      eventId: id,
      discardedAt: expect.any(String),
    });
    expect((await own.list({ page: 1, pageSize: 100 })).items.map((d) => d.seq)).not.toContain(mine);
    expect((await refusal(own.discard(mine))).code).toBe('NOT_FOUND');
    expect((await refusal(own.replay(mine))).code).toBe('NOT_FOUND');
  });

  it('parks a replayed event that fails again with when it was published and the dead letter it came from', async () => {
    const own = new DeadLetters(h.bus);
    const consumer = await startConsumer({
      bus: h.bus,
      db: h.db,
      name: 'bustest-retry',
      event: otherHappened,
      maxDeliver: 1,
      handle: async () => {
        throw new Error('always fails');
      },
    });
    try {
      const id = uuidv7();
      const before = Date.now();
      await h.bus.js.publish(h.bus.naming.subject(otherHappened.type), envelope(id, otherHappened.type));
      const parkedOf = (from: number | null) =>
        waitFor(async () =>
          (await own.list({ page: 1, pageSize: 100 })).items.find((d) => d.eventId === id && d.replayedFrom === from),
        );
      const first = await parkedOf(null);
      expect(first).toMatchObject({ consumer: 'bustest-retry', deliveries: 1, reason: 'always fails' });
      expect(Date.parse(first.publishedAt!)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(first.publishedAt!)).toBeLessThanOrEqual(Date.parse(first.deadLetteredAt));

      await own.replay(first.seq);
      const again = await parkedOf(first.seq);
      expect(again.seq).toBeGreaterThan(first.seq);
      expect(Date.parse(again.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(first.deadLetteredAt));
    } finally {
      await consumer.stop();
    }
  });

  it('is refused by the server to a service that does not declare replayDeadLetter', async () => {
    await expect(new DeadLetters(crasher).list({ page: 1, pageSize: 20 })).rejects.toThrow(/permission/i);
  });
});
