import { headers as natsHeaders } from '@nats-io/transport-node';
import type { MsgRequest, StoredMsg } from '@nats-io/jetstream';
import {
  AppError,
  envelopeSchema,
  type DeadLetterDiscarded,
  type DeadLetterReplayed,
  type DeadLetterView,
} from '@voucher/contracts';
import type { Bus } from './bus.ts';
import { REQUEST_ID_HEADER } from './headers.ts';
import { DEAD_LETTER_STREAM, deadLetterSubject } from './naming.ts';

/** The headers `startConsumer` parks a message with (consumer.ts). */
export const ORIGINAL_SUBJECT_HEADER = 'x-original-subject';
export const CONSUMER_HEADER = 'x-consumer';
export const DELIVERIES_HEADER = 'x-deliveries';
export const REASON_HEADER = 'x-reason';
/** When the event entered the events stream (ISO 8601), for the dead letter's history (issue 19 item 4). */
export const PUBLISHED_AT_HEADER = 'x-published-at';
/** On a replayed event, and on its dead letter if it fails again: the dead letter it came from. */
export const REPLAYED_FROM_HEADER = 'x-replayed-from-dead-letter';

/** How far a listing walks: dead letters are few, and each page is a walk from the stream's start. */
const MAX_WALK = 10_000;

export interface DeadLetterPage {
  items: DeadLetterView[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * The dead letters of one service (ARCHITECTURE A5), for its administrators:
 * the messages its consumers gave up on, parked by `startConsumer` on
 * `dlq.<service>.<consumer>` in the `DLQ` stream with why (`x-reason`), how
 * often (`x-deliveries`) and from where (`x-original-subject`).
 *
 * - `list` pages through `dlq.<service>.>`, oldest first, and tells of each
 *   the event's type and id, never its data (personal data: mobiles,
 *   addresses, texts);
 * - `replay` republishes the event to its original subject, so the consumer
 *   that failed gets it again: as a new stream message (a new JetStream
 *   message id, `replay:<stream>:<seq>`, past the duplicate window that
 *   holds the original id) carrying the same envelope and so the same event
 *   id, which the other consumers of that subject find in their inbox and
 *   skip. The dead letter is then deleted. Two replays of one dead letter at
 *   once publish once: the second's publish is a duplicate of the first's
 *   message id (within the stream's duplicate window, 2 minutes) and it
 *   answers NOT_FOUND, as does any replay of a sequence that is gone;
 * - `discard` removes it for good (issue 19 item 4): NOT_FOUND when it is
 *   gone already, replayed or discarded.
 *
 * A service republishes only its own events (`evt.<service>.>`, A7): the
 * dead letter of another service's event is listed, not replayable.
 */
export class DeadLetters {
  private readonly stream: string;
  private readonly ownDeadLetters: string;
  private readonly ownEvents: string;

  constructor(private readonly bus: Bus) {
    this.stream = bus.naming.stream(DEAD_LETTER_STREAM);
    this.ownDeadLetters = bus.naming.subject(deadLetterSubject(bus.service, ''));
    this.ownEvents = bus.naming.subject(`evt.${bus.service}.`);
  }

  /** The service's dead letters, oldest first. */
  async list({ page, pageSize }: { page: number; pageSize: number }): Promise<DeadLetterPage> {
    const filter = `${this.ownDeadLetters}>`;
    const info = await this.bus.jsm.streams.info(this.stream, { subjects_filter: filter });
    const total = Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
    const skip = (page - 1) * pageSize;
    const items: DeadLetterView[] = [];
    if (skip < total && skip + pageSize <= MAX_WALK) {
      let seq = info.state.first_seq;
      for (let seen = 0; items.length < pageSize; seen++) {
        const msg = await this.get({ seq, next_by_subj: filter });
        if (!msg) break;
        if (seen >= skip) items.push(this.view(msg));
        seq = msg.seq + 1;
      }
    }
    return { items, page, pageSize, total };
  }

  /** How many dead letters each of the service's consumers has parked, by consumer name (issue 19's alert). */
  async countsByConsumer(): Promise<Map<string, number>> {
    const info = await this.bus.jsm.streams.info(this.stream, { subjects_filter: `${this.ownDeadLetters}>` });
    const counts = new Map<string, number>();
    for (const [subject, n] of Object.entries(info.state.subjects ?? {})) {
      counts.set(subject.slice(this.ownDeadLetters.length), n);
    }
    return counts;
  }

  /** Republishes the event of dead letter `seq` to its consumer, once, and removes the dead letter. */
  async replay(seq: number, { requestId }: { requestId?: string } = {}): Promise<DeadLetterReplayed> {
    const msg = await this.get({ seq });
    // another service's dead letter is none of ours: as absent as one already replayed
    if (!msg || !this.isOwn(msg)) throw new AppError('NOT_FOUND', `no dead letter ${seq}`);
    const view = this.view(msg);
    const original = msg.header.get(ORIGINAL_SUBJECT_HEADER);
    if (!view.replayable || !view.eventId || !view.eventType) {
      throw new AppError('INVALID_STATE', `dead letter ${seq} cannot be republished by ${this.bus.service}`, {
        seq,
        reason: view.eventId ? 'not_own_event' : 'unreadable',
      });
    }
    const h = natsHeaders();
    h.set(REPLAYED_FROM_HEADER, String(seq));
    if (requestId) h.set(REQUEST_ID_HEADER, requestId);
    const ack = await this.bus.js.publish(original, msg.data, {
      headers: h,
      // not the event id (the original's, still in the duplicate window maybe): one per dead letter
      msgID: `replay:${this.stream}:${seq}`,
    });
    if (ack.duplicate) {
      // a replay of this dead letter published it already: this one publishes nothing
      await this.remove(seq);
      throw new AppError('NOT_FOUND', `dead letter ${seq} was replayed already`);
    }
    await this.remove(seq);
    this.bus.logger.info(
      { seq, consumer: view.consumer, eventType: view.eventType, eventId: view.eventId, requestId },
      'dead letter replayed',
    );
    return {
      seq,
      consumer: view.consumer,
      eventType: view.eventType,
      eventId: view.eventId,
      replayedAt: new Date().toISOString(),
    };
  }

  /** Removes dead letter `seq` without replaying it; one gone already (replayed, discarded) is NOT_FOUND. */
  async discard(seq: number): Promise<DeadLetterDiscarded> {
    const msg = await this.get({ seq });
    if (!msg || !this.isOwn(msg)) throw new AppError('NOT_FOUND', `no dead letter ${seq}`);
    const view = this.view(msg);
    if (!(await this.remove(seq))) throw new AppError('NOT_FOUND', `dead letter ${seq} was removed already`);
    this.bus.logger.info(
      { seq, consumer: view.consumer, eventType: view.eventType, eventId: view.eventId },
      'dead letter discarded',
    );
    return {
      seq,
      consumer: view.consumer,
      eventType: view.eventType,
      eventId: view.eventId,
      discardedAt: new Date().toISOString(),
    };
  }

  /** The stream and sequence that name dead letter `seq` in an audit log: `<stream>:<seq>`. */
  auditId(seq: number): string {
    return `${this.stream}:${seq}`;
  }

  private isOwn(msg: StoredMsg): boolean {
    return msg.subject.startsWith(this.ownDeadLetters);
  }

  private async get(query: MsgRequest | { seq: number; next_by_subj: string }): Promise<StoredMsg | null> {
    return this.bus.jsm.streams.getMessage(this.stream, query as MsgRequest);
  }

  /**
   * Removes a dead letter: true if this call removed it, false if it was gone
   * already (a concurrent replay or discard), which a replay counts as good.
   */
  private async remove(seq: number): Promise<boolean> {
    try {
      return await this.bus.jsm.streams.deleteMessage(this.stream, seq, false);
    } catch (err) {
      // the server's words differ (`no message found`, `stream store EOF`): what counts is that it is gone
      if ((await this.get({ seq })) !== null) throw err;
      return false;
    }
  }

  private view(msg: StoredMsg): DeadLetterView {
    const h = msg.header;
    let eventType: string | null = null;
    let eventId: string | null = null;
    try {
      const envelope = envelopeSchema.safeParse(JSON.parse(new TextDecoder().decode(msg.data)));
      if (envelope.success) ({ type: eventType, id: eventId } = envelope.data);
    } catch {
      // an unreadable envelope: listed, never replayed
    }
    const deliveries = Number(h?.get(DELIVERIES_HEADER));
    const replayedFrom = Number(h?.get(REPLAYED_FROM_HEADER));
    const original = h?.get(ORIGINAL_SUBJECT_HEADER) ?? '';
    return {
      seq: msg.seq,
      consumer: h?.get(CONSUMER_HEADER) || msg.subject.slice(this.ownDeadLetters.length),
      eventType,
      eventId,
      deadLetteredAt: msg.time.toISOString(),
      publishedAt: h?.get(PUBLISHED_AT_HEADER) || null,
      deliveries: Number.isInteger(deliveries) && deliveries > 0 ? deliveries : null,
      reason: h?.get(REASON_HEADER) ?? '',
      replayable:
        eventId !== null &&
        eventType !== null &&
        original.startsWith(this.ownEvents) &&
        original === this.bus.naming.subject(eventType),
      replayedFrom: Number.isInteger(replayedFrom) && replayedFrom > 0 ? replayedFrom : null,
    };
  }
}
