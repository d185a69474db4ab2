import { connect, type NatsConnection, type Msg, type Subscription } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { lazyChild } from '@voucher/kit';
import {
  AppError,
  envelopeSchema,
  errorBodySchema,
  issuesToFields,
  validationFailed,
  type CommandDef,
  type DataOf,
  type EventDef,
  type ParsedRequestOf,
  type ReplyOf,
  type RequestOf,
} from '@voucher/contracts';
import { busNaming, DEAD_LETTER_STREAM, EVENTS_STREAM, type BusNaming } from './naming.ts';
import { contextToHeaders, headersToContext, type RequestContext } from './headers.ts';

export interface BusOptions {
  url: string;
  prefix: string;
  /** the queue group: replicas of one service share its commands (A4) */
  service: string;
  logger: Logger;
  requestTimeoutMs?: number;
}

export interface HandlerContext extends RequestContext {
  log: Logger;
}

export type CommandHandler<C extends CommandDef> = (
  request: ParsedRequestOf<C>,
  ctx: HandlerContext,
) => Promise<ReplyOf<C>>;

const encoder = new TextEncoder();
const NANOS_PER_MS = 1_000_000;

type ReplyEnvelope = { ok: true; data: unknown } | { ok: false; error: unknown };

export class Bus {
  readonly naming: BusNaming;
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timeoutMs: number;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly options: BusOptions,
  ) {
    this.naming = busNaming(options.prefix);
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
  }

  static async connect(options: BusOptions): Promise<Bus> {
    const nc = await connect({
      servers: options.url,
      name: options.service,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // no Error (with its stack) built up front for every request on the hot path; failures still say what failed
      noAsyncTraces: true,
    });
    const jsm = await jetstreamManager(nc);
    const bus = new Bus(nc, jetstream(nc), jsm, options);
    nc.closed().then((err) => {
      if (err) options.logger.error({ err }, 'nats connection closed with error');
    });
    return bus;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get service(): string {
    return this.options.service;
  }

  /**
   * Sends a command and waits for its reply. The request is validated before it
   * leaves and the reply when it arrives; a refusal comes back as the AppError
   * the service raised, a silent service as TIMEOUT or UNAVAILABLE.
   */
  async request<C extends CommandDef>(
    command: C,
    payload: RequestOf<C>,
    ctx: RequestContext,
    { timeoutMs = command.timeoutMs ?? this.timeoutMs }: { timeoutMs?: number } = {},
  ): Promise<ReplyOf<C>> {
    // the answering service checks the request against the same schema (and answers VALIDATION_FAILED),
    // so the sender does not parse it a second time
    let msg: Msg;
    try {
      msg = await this.nc.request(this.naming.subject(command.subject), encoder.encode(JSON.stringify(payload)), {
        timeout: timeoutMs,
        headers: contextToHeaders(ctx),
      });
    } catch (err) {
      const e = err as Error & { isNoResponders?: () => boolean; cause?: Error };
      const name = e.cause?.name ?? e.name;
      if (e.isNoResponders?.() || name === 'NoRespondersError') {
        throw new AppError('UNAVAILABLE', `${command.service} is not available`);
      }
      if (name === 'TimeoutError') {
        throw new AppError('TIMEOUT', `${command.service} did not answer in time`);
      }
      throw err;
    }
    const reply = msg.json<ReplyEnvelope>();
    if (reply.ok) return command.reply.parse(reply.data) as ReplyOf<C>;
    const body = errorBodySchema.safeParse(reply.error);
    if (!body.success) throw new AppError('INTERNAL', `${command.subject} answered an unreadable error`);
    throw AppError.fromBody(body.data);
  }

  /** Answers a command in this service's queue group. */
  handle<C extends CommandDef>(command: C, handler: CommandHandler<C>): void {
    const subject = this.naming.subject(command.subject);
    const sub = this.nc.subscribe(subject, {
      queue: this.options.service,
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ err, subject }, 'subscription error');
          return;
        }
        const work = this.answer(command, handler, msg);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
    });
    this.subscriptions.push(sub);
  }

  private async answer<C extends CommandDef>(command: C, handler: CommandHandler<C>, msg: Msg): Promise<void> {
    const ctx = headersToContext(msg.headers);
    const log = lazyChild(this.logger, {
      requestId: ctx.requestId,
      userId: ctx.caller?.userId,
      subject: command.subject,
    });
    let reply: ReplyEnvelope;
    try {
      let raw: unknown;
      try {
        raw = msg.json();
      } catch {
        throw validationFailed([{ path: '', message: 'body is not JSON' }]);
      }
      const parsed = command.request.safeParse(raw);
      if (!parsed.success) throw validationFailed(issuesToFields(parsed.error.issues));
      const data = await handler(parsed.data as ParsedRequestOf<C>, { ...ctx, log });
      reply = { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) {
        log.debug({ code: err.code }, 'refused');
        reply = { ok: false, error: err.toBody() };
      } else {
        log.error({ err }, 'command failed');
        reply = { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
      }
    }
    msg.respond(encoder.encode(JSON.stringify(reply)));
  }

  /**
   * Hears an event as it is published, in every replica of this service (no
   * queue group, no durable consumer): for a cache of another service's
   * facts. Events published while disconnected are not heard, so such a
   * cache must also expire. Anything unreadable is ignored, as a cache can
   * always ask again.
   */
  watch<E extends EventDef>(event: E, onEvent: (data: DataOf<E>) => void): void {
    const subject = this.naming.subject(event.type);
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ err, subject }, 'subscription error');
          return;
        }
        try {
          const data = event.data.safeParse(envelopeSchema.parse(msg.json()).data);
          if (data.success) onEvent(data.data as DataOf<E>);
        } catch {
          this.logger.warn({ subject }, 'an unreadable event was ignored');
        }
      },
    });
    this.subscriptions.push(sub);
  }

  /** Creates the events and dead-letter streams if missing (A5); safe to call from every replica. */
  async ensureStreams(): Promise<void> {
    const wanted = [
      { name: this.naming.stream(EVENTS_STREAM), subjects: [this.naming.subject('evt.>')] },
      { name: this.naming.stream(DEAD_LETTER_STREAM), subjects: [this.naming.subject('dlq.>')] },
    ];
    for (const s of wanted) {
      try {
        await this.jsm.streams.info(s.name);
      } catch {
        try {
          await this.jsm.streams.add({
            name: s.name,
            subjects: s.subjects,
            storage: StorageType.File,
            retention: RetentionPolicy.Limits,
            duplicate_window: 2 * 60 * 1000 * NANOS_PER_MS,
          });
        } catch (err) {
          // another replica created it between our look and our add
          await this.jsm.streams.info(s.name).catch(() => {
            throw err;
          });
        }
      }
    }
  }

  /** Stop taking commands and let the in-flight ones answer (shutdown's first step). */
  async stopServing(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.drain().catch(() => undefined)));
    await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.stopServing();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
