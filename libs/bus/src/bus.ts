import {
  connect,
  headers as natsHeaders,
  nkeyAuthenticator,
  type MsgHdrs,
  type NatsConnection,
  type Msg,
  type Subscription,
} from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { trace, type Tracer } from '@opentelemetry/api';
import { lazyChild } from '@voucher/kit';
import {
  AppError,
  envelopeSchema,
  type Caller,
  errorBodySchema,
  issuesToFields,
  systemCaller,
  validationFailed,
  type CommandDef,
  type DataOf,
  type EventDef,
  type ParsedRequestOf,
  type ReplyOf,
  type RequestOf,
} from '@voucher/contracts';
import { busNaming, DEAD_LETTER_STREAM, EVENTS_STREAM, inboxPrefixOf, type BusNaming } from './naming.ts';
import { isSystemCaller, REQUEST_ID_HEADER, type RequestContext } from './headers.ts';
import { AssertionRefused, BusAssertions, CALLER_HEADER, SENDER_HEADER, type VerifiedSender } from './assertions.ts';
import type { BusKeys } from './keys.ts';
import { JetStreamMisconfigured, untilJetStreamAnswers } from './jetstream-admin.ts';
import {
  injectTrace,
  markOutcome,
  remoteTrace,
  SpanKind,
  startWork,
  traceIdOf,
  type SpanAtWork,
} from './trace-context.ts';

export interface BusOptions {
  /** one server, or several separated by commas (a cluster) */
  url: string;
  prefix: string;
  /**
   * This process's bus identity and queue group: its NATS credentials and
   * permissions (A7), and replicas of one service share its commands (A4).
   */
  keys: BusKeys;
  logger: Logger;
  requestTimeoutMs?: number;
  /** a CA file to verify the servers' TLS certificates: set, every connection is TLS */
  tlsCaFile?: string;
  /** how many servers of a cluster keep each stream (A8); 1 by default */
  replicas?: number;
  /** told of every command answered and event handled: the process's metrics (issue 19) */
  observer?: BusObserver;
  /** the process's tracer: a span for every command answered and event handled (issue 19) */
  tracer?: Tracer;
}

/** What a durable consumer did with one delivery of an event (A5). */
export type EventOutcome = 'handled' | 'duplicate' | 'retried' | 'dead_lettered';

/** What the bus tells of its work, for the process's metrics (issue 19). */
export interface BusObserver {
  /** `outcome`: `ok`, or the error code the command was refused with */
  commandAnswered(subject: string, outcome: string, seconds: number): void;
  eventHandled(consumer: string, outcome: EventOutcome, seconds: number): void;
}

export interface HandlerContext extends RequestContext {
  log: Logger;
  /** the bus identity that sent the request, as its signed assertion proves */
  sender: string;
}

export type CommandHandler<C extends CommandDef> = (
  request: ParsedRequestOf<C>,
  ctx: HandlerContext,
) => Promise<ReplyOf<C>>;

const encoder = new TextEncoder();
/** How long a request with no responder is sent again before it is answered UNAVAILABLE (A8). */
const NO_RESPONDERS_PATIENCE_MS = 2_000;

/**
 * A failure of the connection to PostgreSQL or Redis, not of the command: the
 * server shutting down or recovering (SQLSTATE 57P01-57P03), a connection
 * exception (class 08), a connection refused, reset or terminated.
 */
export function isDependencyDown(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P0[123])/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|Connection is closed|Client has encountered a connection error/.test(message);
}

const isNoResponders = (err: unknown) => {
  const e = err as Error & { isNoResponders?: () => boolean; cause?: Error };
  return Boolean(e.isNoResponders?.()) || (e.cause?.name ?? e.name) === 'NoRespondersError';
};
const NANOS_PER_MS = 1_000_000;

type ReplyEnvelope = { ok: true; data: unknown } | { ok: false; error: unknown };

export class Bus {
  readonly naming: BusNaming;
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timeoutMs: number;
  private readonly assertions: BusAssertions;
  /** this process's durable consumers, by name: whose backlog its metrics report */
  readonly durables = new Map<string, string>();

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly options: BusOptions,
  ) {
    this.naming = busNaming(options.prefix);
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
    this.assertions = new BusAssertions(options.keys);
  }

  static async connect(options: BusOptions): Promise<Bus> {
    const identity = options.keys.identity;
    const nc = await connect({
      servers: options.url.split(',').map((s) => s.trim()),
      name: identity,
      authenticator: nkeyAuthenticator(options.keys.seed),
      // replies come to an inbox only this identity may subscribe to, so nobody else reads them (A7)
      inboxPrefix: inboxPrefixOf(identity),
      ...(options.tlsCaFile ? { tls: { caFile: options.tlsCaFile } } : {}),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // no Error (with its stack) built up front for every request on the hot path; failures still say what failed
      noAsyncTraces: true,
    });
    // no account-info round trip at connect: an identity without JetStream (the benchmarks' floor) connects
    // too, and the services learn that JetStream answers when they ensure their streams (with patience, A8)
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    const bus = new Bus(nc, jetstream(nc), jsm, options);
    nc.closed().then((err) => {
      if (err) options.logger.error({ err }, 'nats connection closed with error');
    });
    return bus;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get observer(): BusObserver | undefined {
    return this.options.observer;
  }

  /** without the process's, the API's no-op one: a trace that arrives still travels on */
  get tracer(): Tracer {
    return (this.options.tracer ??= trace.getTracer('voucher-bus'));
  }

  /** how many servers of a cluster keep each stream (A8) */
  get replicas(): number {
    return this.options.replicas ?? 1;
  }

  /** this process's bus identity, which is also its queue group */
  get service(): string {
    return this.options.keys.identity;
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
    const started = Date.now();
    const data = encoder.encode(JSON.stringify(payload));
    const headers = this.requestHeaders(command, ctx);
    for (let attempt = 1; ; attempt++) {
      try {
        msg = await this.nc.request(this.naming.subject(command.subject), data, {
          timeout: Math.max(1, timeoutMs - (Date.now() - started)),
          headers,
        });
        break;
      } catch (err) {
        // nobody received it, so it may be sent again: the service's replicas may be reconnecting to
        // another NATS node (A8), for a moment; past NO_RESPONDERS_PATIENCE_MS it is answered 503
        if (
          !isNoResponders(err) ||
          Date.now() - started + attempt * 50 > Math.min(timeoutMs, NO_RESPONDERS_PATIENCE_MS)
        ) {
          throw this.requestFailed(command, err);
        }
        await new Promise((r) => setTimeout(r, attempt * 50));
      }
    }
    const reply = msg.json<ReplyEnvelope>();
    if (reply.ok) return command.reply.parse(reply.data) as ReplyOf<C>;
    const body = errorBodySchema.safeParse(reply.error);
    if (!body.success) throw new AppError('INTERNAL', `${command.subject} answered an unreadable error`);
    throw AppError.fromBody(body.data);
  }

  /** What a failed request means to the caller: a service absent, silent, or a request not permitted. */
  private requestFailed(command: CommandDef, err: unknown): unknown {
    const e = err as Error & { cause?: Error };
    const name = e.cause?.name ?? e.name;
    if (isNoResponders(err)) {
      return new AppError('UNAVAILABLE', `${command.service} is not available`);
    }
    if (name === 'TimeoutError') {
      // it may have run: a money command is safe to send again under the same idempotency key
      return new AppError('TIMEOUT', `${command.service} did not answer in time`);
    }
    if (name === 'PermissionViolationError') {
      // the server's permissions (A7), generated from the command's `from`
      return new AppError('FORBIDDEN', `${this.service} may not send ${command.subject}`);
    }
    return err;
  }

  /** The gateway's signed assertion of a caller it has authenticated (A7); no other identity can mint one. */
  assertCaller(caller: Caller): string {
    return this.assertions.caller(caller);
  }

  /**
   * The request id, this process's sender assertion for the receiving
   * service, and the caller's assertion: the one the request came with, or,
   * in the gateway, one minted for the user it has just authenticated.
   */
  private requestHeaders(command: CommandDef, ctx: RequestContext): MsgHdrs {
    const h = natsHeaders();
    h.set(REQUEST_ID_HEADER, ctx.requestId);
    injectTrace(h, ctx.trace);
    const system = isSystemCaller(ctx.caller);
    h.set(SENDER_HEADER, this.assertions.sender(command.service, system));
    if (ctx.caller && !system) h.set(CALLER_HEADER, ctx.callerAssertion ?? this.assertions.caller(ctx.caller));
    return h;
  }

  /**
   * Who sent a request and for whom (A7): the sender must be one the command
   * accepts, and a caller is believed only as the gateway asserted it. A
   * request without them is refused before its payload is read.
   */
  private authenticate(command: CommandDef, h: MsgHdrs | undefined): Omit<HandlerContext, 'log'> {
    const requestId = h?.get(REQUEST_ID_HEADER) || 'none';
    let sender: VerifiedSender;
    try {
      sender = this.assertions.verifySender(h?.get(SENDER_HEADER));
    } catch (err) {
      throw new AppError('UNAUTHENTICATED', `the sender is not authenticated: ${(err as Error).message}`);
    }
    if (!command.from.includes(sender.identity as never)) {
      throw new AppError('FORBIDDEN', `${command.subject} is not accepted from ${sender.identity}`);
    }
    const callerToken = h?.get(CALLER_HEADER);
    if (callerToken) {
      try {
        return {
          requestId,
          sender: sender.identity,
          caller: this.assertions.verifyCaller(callerToken),
          callerAssertion: callerToken,
        };
      } catch (err) {
        if (!(err instanceof AssertionRefused)) throw err;
        throw new AppError('UNAUTHENTICATED', `the caller is not authenticated: ${err.message}`);
      }
    }
    if (sender.system && sender.identity !== 'gateway') {
      return { requestId, sender: sender.identity, caller: systemCaller };
    }
    return { requestId, sender: sender.identity };
  }

  /** Answers a command in this service's queue group. */
  handle<C extends CommandDef>(command: C, handler: CommandHandler<C>): void {
    const subject = this.naming.subject(command.subject);
    const sub = this.nc.subscribe(subject, {
      queue: this.service,
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
    const started = performance.now();
    const requestId = msg.headers?.get(REQUEST_ID_HEADER) ?? '';
    // the command's span, in the trace the request came in (issue 19)
    const work = startWork(this.tracer, command.subject, {
      kind: SpanKind.SERVER,
      parent: remoteTrace(msg.headers),
      attributes: { 'messaging.system': 'nats', 'voucher.request_id': requestId },
    });
    let outcome: string;
    try {
      const reply = await this.replyTo(command, handler, msg, work);
      msg.respond(encoder.encode(JSON.stringify(reply)));
      outcome = reply.ok ? 'ok' : (reply.error as { code: string }).code;
      markOutcome(work.span, outcome, outcome === 'INTERNAL' || outcome === 'UNAVAILABLE');
    } finally {
      work.span.end();
    }
    this.options.observer?.commandAnswered(command.subject, outcome, (performance.now() - started) / 1000);
  }

  private async replyTo<C extends CommandDef>(
    command: C,
    handler: CommandHandler<C>,
    msg: Msg,
    work: SpanAtWork,
  ): Promise<ReplyEnvelope> {
    const trace_id = traceIdOf(work.span);
    let log = lazyChild(this.logger, {
      requestId: msg.headers?.get(REQUEST_ID_HEADER),
      subject: command.subject,
      trace_id,
    });
    let reply: ReplyEnvelope;
    try {
      let ctx: Omit<HandlerContext, 'log'>;
      try {
        ctx = this.authenticate(command, msg.headers);
      } catch (err) {
        // a request that fails authentication is worth an operator's look; a business refusal is not
        log.warn({ code: (err as AppError).code, reason: (err as Error).message }, 'request not authenticated');
        throw err;
      }
      log = lazyChild(this.logger, {
        requestId: ctx.requestId,
        userId: ctx.caller?.userId,
        sender: ctx.sender,
        subject: command.subject,
        trace_id,
      });
      let raw: unknown;
      try {
        raw = msg.json();
      } catch {
        throw validationFailed([{ path: '', message: 'body is not JSON' }]);
      }
      const parsed = command.request.safeParse(raw);
      if (!parsed.success) throw validationFailed(issuesToFields(parsed.error.issues));
      const data = await handler(parsed.data as ParsedRequestOf<C>, { ...ctx, trace: work.trace, log });
      reply = { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) {
        log.debug({ code: err.code }, 'refused');
        reply = { ok: false, error: err.toBody() };
      } else if (isDependencyDown(err)) {
        // PostgreSQL or Redis went away under the command (a restart, a failover): its transaction did
        // not commit, so the caller may send it again; a 503 says so, where a 500 would not (A8)
        log.warn({ err }, 'a dependency was unavailable');
        reply = {
          ok: false,
          error: { code: 'UNAVAILABLE', message: 'the service’s database is not available; try again' },
        };
      } else {
        log.error({ err }, 'command failed');
        reply = { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
      }
    }
    return reply;
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

  /**
   * Creates the events and dead-letter streams if missing (A5); safe to call
   * from every replica. A stream of that name that captures other subjects
   * (commands, say: someone would read PINs from it) stops the start (A7).
   */
  async ensureStreams(): Promise<void> {
    for (const wanted of platformStreams(this.naming, this.replicas)) {
      await untilJetStreamAnswers(`stream ${wanted.name}`, () => this.ensureStream(wanted), this.logger);
    }
  }

  private async ensureStream(wanted: ReturnType<typeof platformStreams>[number]): Promise<void> {
    let existing = await this.jsm.streams.info(wanted.name).catch(() => null);
    if (!existing) {
      try {
        await this.jsm.streams.add(wanted);
        return;
      } catch (err) {
        // another replica created it between our look and our add
        existing = await this.jsm.streams.info(wanted.name).catch(() => {
          throw err;
        });
      }
    }
    const subjects = existing.config.subjects ?? [];
    if (subjects.join(',') !== wanted.subjects.join(',')) {
      throw new JetStreamMisconfigured(
        `stream ${wanted.name} captures ${subjects.join(', ')}, not ${wanted.subjects.join(', ')}`,
      );
    }
    if (existing.config.num_replicas !== wanted.num_replicas) {
      // a platform grown from one server to a cluster (or back): the servers move the data themselves
      await this.jsm.streams.update(wanted.name, { num_replicas: wanted.num_replicas });
      this.logger.info({ stream: wanted.name, replicas: wanted.num_replicas }, 'stream replicas changed');
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

/** The platform's two streams (A5): events, and the dead letters of their consumers, each on `replicas` servers (A8). */
export function platformStreams(naming: BusNaming, replicas: number) {
  return [EVENTS_STREAM, DEAD_LETTER_STREAM].map((base) => ({
    name: naming.stream(base),
    subjects: [naming.subject(base === EVENTS_STREAM ? 'evt.>' : 'dlq.>')],
    storage: StorageType.File,
    num_replicas: replicas,
    retention: RetentionPolicy.Limits,
    duplicate_window: 2 * 60 * 1000 * NANOS_PER_MS,
  }));
}
