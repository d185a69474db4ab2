import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  AppError,
  durableName,
  envelopeSchema,
  type ConsumerLag,
  type DataOf,
  type Envelope,
  type EventDef,
} from '@voucher/contracts';
import type { Bus, EventOutcome } from './bus.ts';
import { deadLetterSubject, EVENTS_STREAM } from './naming.ts';
import { isPermissionViolation, JetStreamMisconfigured, untilJetStreamAnswers } from './jetstream-admin.ts';
import { markOutcome, remoteTrace, SpanKind, startWork, traceIdOf, type SpanAtWork } from './trace-context.ts';
import type { EventCause } from './headers.ts';
import {
  CONSUMER_HEADER,
  DELIVERIES_HEADER,
  ORIGINAL_SUBJECT_HEADER,
  PUBLISHED_AT_HEADER,
  REASON_HEADER,
  REPLAYED_FROM_HEADER,
} from './dead-letters.ts';

/**
 * `cause`: the request that led to the event and the delivery's trace, for
 * the events the handler records in turn, so they join the same trace (issue 19).
 */
export type EventHandler<E extends EventDef, DB = any> = (
  event: Envelope<DataOf<E>>,
  trx: Transaction<DB>,
  log: Logger,
  cause: EventCause,
) => Promise<void>;

export interface ConsumerOptions<E extends EventDef, DB = any> {
  bus: Bus;
  /** the service's database, typed as its schema (store/db.ts) where it has one */
  db: Kysely<DB>;
  /** `<service>-<purpose>` (A5), declared in the contracts' `subscriptions`; also the inbox key */
  name: string;
  event: E;
  handle: EventHandler<E, DB>;
  /** deliveries before a failing message is dead-lettered */
  maxDeliver?: number;
  /** delay before each redelivery, by attempt; the last repeats */
  backoffMs?: number[];
  ackWaitMs?: number;
  /**
   * events handled at once (default 1, in stream order). More suits an effect
   * that does not depend on order and is heavy in the database (the wallet's
   * issuing of a draw's chunks): a second transaction works while the first commits.
   */
  concurrency?: number;
  /**
   * deliveries handled in one transaction at most (default 1). Deliveries
   * arriving while a transaction is under way gather and go in the next, so
   * in a burst an event costs a share of a transaction's round trips and
   * commit, and its ack leaves with the others'. For handlers whose whole
   * effect is in the transaction (no request, no message sent).
   */
  perTransaction?: number;
}

/**
 * A refusal that says when to come back (RATE_LIMITED with `retryAfterSeconds`:
 * an SMS budget spent until the hour ends) is retried no sooner, so a retry
 * is not spent on a certain refusal.
 */
function comeBackInMs(err: unknown): number {
  if (!(err instanceof AppError) || err.code !== 'RATE_LIMITED') return 0;
  const seconds = Number(err.details?.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/**
 * Deliveries per transaction for a consumer whose handler only writes its own
 * tables (a projection, a message, a to-do): a burst shares a commit among
 * many, and a group redone one by one after a failure is still quick.
 */
export const PROJECTED_PER_TRANSACTION = 32;

export interface RunningConsumer {
  stop(): Promise<void>;
}

const PULL_EXPIRES_MS = 5_000;
const NANOS_PER_MS = 1_000_000;

class PoisonMessage extends Error {
  override name = 'PoisonMessage';
}

/** The bus refuses a durable its permissions do not name: say where to declare it. */
const undeclared = (service: string, name: string, event: EventDef) =>
  new JetStreamMisconfigured(
    `${service} may not consume ${event.type} as ${name}: declare it in the subscriptions of libs/contracts (bus-catalogue.ts) and run the bus set-up`,
  );

/**
 * A durable JetStream consumer of one event type whose effect and inbox record
 * commit in one transaction (A5): a redelivered event is applied once; a failing
 * one is retried with backoff and then parked on the dead-letter subject, so it
 * never blocks the events behind it.
 */
export async function startConsumer<E extends EventDef, DB = any>(
  options: ConsumerOptions<E, DB>,
): Promise<RunningConsumer> {
  const {
    bus,
    db,
    name,
    event,
    handle,
    maxDeliver = 5,
    backoffMs = [200, 1000, 5000, 15000],
    ackWaitMs = 30_000,
    concurrency = 1,
    perTransaction = 1,
  } = options;
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`consumer name must be <service>-<purpose>: ${name}`);
  const stream = bus.naming.stream(EVENTS_STREAM);
  const durable = durableName(name, event);
  const log = bus.logger.child({ consumer: name, event: event.type });
  const observed = (outcome: EventOutcome, started: number): EventOutcome => {
    bus.observer?.eventHandled(name, outcome, (performance.now() - started) / 1000);
    return outcome;
  };

  const consumer = await untilJetStreamAnswers(
    `consumer ${durable}`,
    async () => {
      try {
        await bus.jsm.consumers.info(stream, durable);
      } catch (err) {
        if (isPermissionViolation(err)) throw undeclared(bus.service, name, event);
        // made by whichever replica comes first: the same configuration, so the other's add changes nothing
        await bus.jsm.consumers.add(stream, {
          durable_name: durable,
          filter_subject: bus.naming.subject(event.type),
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ack_wait: ackWaitMs * NANOS_PER_MS,
          // the server's own bound sits one above ours, so we always get to dead-letter first
          max_deliver: maxDeliver + 1,
        });
      }
      return bus.js.consumers.get(stream, durable);
    },
    bus.logger,
  );
  bus.durables.set(name, durable);
  // A pull waiting on a consumer leader whose server died is noticed only after two missed heartbeats
  // (half of `expires` each): 30 s by default, 5 s here, so a lost NATS node stalls events briefly (A8).
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 64, expires: PULL_EXPIRES_MS });

  async function deadLetter(msg: JsMsg, reason: string): Promise<void> {
    const h = natsHeaders();
    h.set(ORIGINAL_SUBJECT_HEADER, msg.subject);
    h.set(CONSUMER_HEADER, name);
    h.set(DELIVERIES_HEADER, String(msg.info.deliveryCount));
    h.set(REASON_HEADER, reason.replace(/[\r\n]+/g, ' ').slice(0, 500));
    // the dead letter's history for an administrator (issue 19 item 4): when the event was published and,
    // for a replay that failed again, the dead letter it was replayed from
    h.set(PUBLISHED_AT_HEADER, new Date(msg.info.timestampNanos / NANOS_PER_MS).toISOString());
    const replayedFrom = msg.headers?.get(REPLAYED_FROM_HEADER);
    if (replayedFrom) h.set(REPLAYED_FROM_HEADER, replayedFrom);
    await bus.js.publish(bus.naming.subject(deadLetterSubject(bus.service, name)), msg.data, { headers: h });
    log.error({ seq: msg.seq, deliveries: msg.info.deliveryCount, reason }, 'event dead-lettered');
  }

  /** Each delivery in a span of its own, in the trace of the work that caused the event (issue 19). */
  function spanOf(msg: JsMsg): SpanAtWork {
    return startWork(bus.tracer, name, {
      kind: SpanKind.CONSUMER,
      parent: remoteTrace(msg.headers),
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': event.type },
    });
  }

  async function process(msg: JsMsg): Promise<void> {
    const work = spanOf(msg);
    try {
      const outcome = await handleDelivery(msg, work);
      markOutcome(work.span, outcome, outcome === 'retried' || outcome === 'dead_lettered');
    } finally {
      work.span.end();
    }
  }

  /** The delivery's envelope, or why it can never be handled. */
  function read(msg: JsMsg): Envelope<DataOf<E>> | PoisonMessage {
    try {
      const raw = envelopeSchema.parse(msg.json());
      const data = event.data.safeParse(raw.data);
      if (!data.success) return new PoisonMessage(`data does not match ${event.type}: ${data.error.message}`);
      return { ...raw, data: data.data as DataOf<E> };
    } catch (err) {
      return new PoisonMessage(`unreadable envelope: ${(err as Error).message}`);
    }
  }

  /** The events' inbox records, in the caller's transaction: the ids of those not handled before. */
  async function recordInInbox(trx: Transaction<any>, envelopes: Envelope<DataOf<E>>[]): Promise<Set<string>> {
    const inbox = await sql<{ event_id: string }>`INSERT INTO inbox (consumer, event_id, subject)
      SELECT ${name}, e.id, e.subject FROM unnest(${envelopes.map((e) => e.id)}::uuid[], ${envelopes.map((e) => e.type)}::text[])
        AS e(id, subject)
      ON CONFLICT DO NOTHING RETURNING event_id`.execute(trx);
    return new Set(inbox.rows.map((r) => r.event_id));
  }

  /** The handler's effect, in the caller's transaction, for an event its inbox record says is fresh. */
  async function apply(
    trx: Transaction<any>,
    msg: JsMsg,
    envelope: Envelope<DataOf<E>>,
    work: SpanAtWork,
    fresh: boolean,
  ): Promise<boolean> {
    const requestId = msg.headers?.get('x-request-id') || undefined;
    const eventLog = log.child({ eventId: envelope.id, requestId, trace_id: traceIdOf(work.span) });
    if (!fresh) {
      eventLog.debug('already handled');
      return false;
    }
    await handle(envelope, trx, eventLog, { requestId, trace: work.trace });
    return true;
  }

  async function handleDelivery(
    msg: JsMsg,
    work: SpanAtWork,
    envelope: Envelope<DataOf<E>> | PoisonMessage = read(msg),
  ): Promise<EventOutcome> {
    const started = performance.now();
    if (envelope instanceof PoisonMessage) {
      await deadLetter(msg, envelope.message);
      // no reason in the TERM: Debian's NATS (2.9) ignores a `+TERM <reason>` and would deliver it again,
      // to be dead-lettered twice; the reason is in the dead letter's own header
      msg.term();
      return observed('dead_lettered', started);
    }
    try {
      const fresh = await db.transaction().execute(async (trx) => {
        const recorded = await recordInInbox(trx, [envelope]);
        return apply(trx, msg, envelope, work, recorded.has(envelope.id));
      });
      msg.ack();
      return observed(fresh ? 'handled' : 'duplicate', started);
    } catch (err) {
      const attempt = msg.info.deliveryCount;
      if (attempt >= maxDeliver) {
        await deadLetter(msg, (err as Error).message ?? String(err));
        msg.term();
        return observed('dead_lettered', started);
      }
      const delay = Math.max(backoffMs[Math.min(attempt - 1, backoffMs.length - 1)] ?? 1000, comeBackInMs(err));
      const requestId = msg.headers?.get('x-request-id') || undefined;
      log.warn(
        { err, eventId: envelope.id, requestId, trace_id: traceIdOf(work.span), attempt, retryInMs: delay },
        'event handler failed; will retry',
      );
      msg.nak(delay);
      return observed('retried', started);
    }
  }

  /**
   * Deliveries that arrived together, in stream order, in one transaction;
   * acked once it commits. If it fails, each is handled again alone, with its
   * own retries and dead letter, so one event's trouble is nobody else's; a
   * process killed meanwhile acked none, and the server delivers them again.
   */
  async function processGroup(group: JsMsg[]): Promise<void> {
    // a delivery alone (an idle consumer's usual case) is read once, in its own handling
    if (group.length === 1) return process(group[0]!);
    const deliveries = group.flatMap((msg) => {
      const envelope = read(msg);
      return envelope instanceof PoisonMessage ? [] : [{ msg, envelope }];
    });
    if (deliveries.length < 2) {
      for (const msg of group) await process(msg);
      return;
    }
    for (const msg of group) if (!deliveries.some((d) => d.msg === msg)) await process(msg);
    const started = performance.now();
    const at = deliveries.map((d) => ({ ...d, work: spanOf(d.msg) }));
    const fresh = await db
      .transaction()
      .execute(async (trx) => {
        const recorded = await recordInInbox(
          trx,
          at.map((d) => d.envelope),
        );
        const applied: boolean[] = [];
        // an event twice in the group (published twice) is handled at its first delivery
        for (const d of at) applied.push(await apply(trx, d.msg, d.envelope, d.work, recorded.delete(d.envelope.id)));
        return applied;
      })
      .catch((err: unknown) => {
        log.debug({ err, deliveries: at.length }, 'a group of events failed; each is handled alone');
        return undefined;
      });
    for (const [i, d] of at.entries()) {
      try {
        let outcome: EventOutcome;
        if (fresh) {
          d.msg.ack();
          outcome = observed(fresh[i] ? 'handled' : 'duplicate', started);
        } else outcome = await handleDelivery(d.msg, d.work, d.envelope);
        markOutcome(d.work.span, outcome, outcome === 'retried' || outcome === 'dead_lettered');
      } finally {
        d.work.span.end();
      }
    }
  }

  // deliveries waiting for a transaction; while `concurrency` groups are under way, the next one gathers
  const waiting: JsMsg[] = [];
  const inFlight = new Set<Promise<void>>();
  let groupDone: (() => void) | undefined;
  function next(): void {
    while (inFlight.size < concurrency && waiting.length > 0) {
      const group = waiting.splice(0, perTransaction);
      const handled: Promise<void> = processGroup(group)
        .catch((err: unknown) => {
          // e.g. NATS down while dead-lettering: left unacked, the server redelivers
          log.error({ err, seqs: group.map((m) => m.seq) }, 'event processing failed');
        })
        .finally(() => {
          inFlight.delete(handled);
          next();
          groupDone?.();
        });
      inFlight.add(handled);
    }
  }
  const loop = (async () => {
    for await (const msg of messages) {
      waiting.push(msg);
      next();
      // a full group waiting for a free transaction: the rest stay with the server meanwhile
      while (waiting.length >= perTransaction && inFlight.size >= concurrency) {
        await new Promise<void>((resolve) => (groupDone = resolve));
      }
    }
    while (inFlight.size > 0) await Promise.race(inFlight);
  })();

  return {
    async stop() {
      await messages.close();
      await loop.catch(() => undefined);
    },
  };
}

/**
 * How far behind each of this process's durable consumers is, as JetStream
 * tells it now: what the operations console (the fleet report) and the
 * metrics (at scrape) both read.
 */
export async function consumerLags(bus: Bus): Promise<ConsumerLag[]> {
  const stream = bus.naming.stream(EVENTS_STREAM);
  return Promise.all(
    [...bus.durables].map(async ([consumer, durable]) => {
      const info = await bus.jsm.consumers.info(stream, durable);
      return {
        consumer,
        pending: info.num_pending,
        ackPending: info.num_ack_pending,
        redelivered: info.num_redelivered,
      };
    }),
  );
}
