import {
  DEAD_LETTER_REPLAY_ACTION,
  durableName,
  FILES_BUCKET,
  type CommandDef,
  type Subscriptions,
} from '@voucher/contracts';
import { DEAD_LETTER_STREAM, EVENTS_STREAM, inboxPrefixOf } from './naming.ts';

/**
 * Who may do what on the bus (ARCHITECTURE A7), derived from the catalogue of
 * messages, so a new command or consumer gets its permissions from its
 * declaration alone:
 * - a service answers only `svc.<itself>.>` and publishes only
 *   `evt.<itself>.>` (through its relay, into the events stream) and its own
 *   dead letters;
 * - it sends exactly the commands whose `from` names it (the gateway: what
 *   users may ask; no event);
 * - it reads replies only in its own inbox, and creates, reads and acks only
 *   its own declared durables;
 * - only the file keepers use the files bucket (the Object Store of
 *   STORAGE_DRIVER=nats), and nothing else of JetStream through it;
 * - only a service that answers `svc.<itself>.replayDeadLetter` reads and
 *   removes messages of the dead-letter stream, one by sequence (the server
 *   cannot bound these by subject: `DeadLetters` touches `dlq.<itself>.>` only);
 * - nobody but the operator's tooling manages streams.
 */
export interface BusCatalogue {
  /** the services: each is one bus identity */
  services: readonly string[];
  commands: readonly CommandDef[];
  subscriptions: Readonly<Record<string, Subscriptions>>;
  /** the services that keep files in the bus's Object Store */
  fileKeepers?: readonly string[];
}

export interface IdentityPermissions {
  publish: string[];
  subscribe: string[];
  /** may answer the requests it receives (publish to their reply subjects, once) */
  respond: boolean;
}

export interface PolicyOptions {
  /**
   * A development server, never production: every subject and stream is also
   * allowed under a one-token prefix (BUS_PREFIX), as the test runs that share
   * it need (A10a), and the benchmarks' floor has an identity of its own.
   */
  development: boolean;
}

/** The identity of the operator's tooling: stream management, nothing else. */
export const OPERATOR_IDENTITY = 'operator';
/** The benchmarks' floor (A10): a bare request to an echo responder, on `svc.bench.>` only. */
export const BENCH_IDENTITY = 'bench';

export function busPermissions(
  catalogue: BusCatalogue,
  { development }: PolicyOptions,
): Map<string, IdentityPermissions> {
  const subjects = (...names: string[]) => names.flatMap((n) => (development ? [n, `*.${n}`] : [n]));
  const stream = (base: string) => (development ? '*' : base);
  const events = stream(EVENTS_STREAM);
  const jetStreamBasics = [
    '$JS.API.INFO',
    ...[EVENTS_STREAM, DEAD_LETTER_STREAM].flatMap((s) => [`$JS.API.STREAM.INFO.${stream(s)}`]),
    // the streams' fixed names only: a stream over other subjects would capture commands
    `$JS.API.STREAM.CREATE.${EVENTS_STREAM}`,
    `$JS.API.STREAM.CREATE.${DEAD_LETTER_STREAM}`,
  ];

  // The files bucket FILES is the stream OBJ_FILES over $O.FILES.>: its chunks and metadata, read back
  // through an ephemeral consumer with flow control. On a development server a run's bucket is
  // <prefix>_FILES, made by the operator; bucket names cannot hold a dot, so its subjects are matched
  // by a whole-token wildcard there (never in production).
  const bucket = development ? '*' : FILES_BUCKET;
  const filesStream = development ? '*' : `OBJ_${FILES_BUCKET}`;
  const fileStore = [
    `$O.${bucket}.>`,
    `$JS.API.STREAM.CREATE.OBJ_${FILES_BUCKET}`,
    ...['INFO', 'PURGE', 'MSG.GET'].map((op) => `$JS.API.STREAM.${op}.${filesStream}`),
    `$JS.API.DIRECT.GET.${filesStream}`,
    `$JS.API.DIRECT.GET.${filesStream}.>`,
    `$JS.API.CONSUMER.CREATE.${filesStream}`,
    `$JS.API.CONSUMER.CREATE.${filesStream}.>`,
    `$JS.API.CONSUMER.DELETE.${filesStream}.>`,
    `$JS.FC.${filesStream}.>`,
  ];
  const keepsFiles = new Set(catalogue.fileKeepers ?? []);
  // the dead letters an administrator lists and replays (libs/bus dead-letters.ts): one message by sequence
  const deadLetterStream = stream(DEAD_LETTER_STREAM);
  const deadLetterKeeping = [
    `$JS.API.STREAM.MSG.GET.${deadLetterStream}`,
    `$JS.API.STREAM.MSG.DELETE.${deadLetterStream}`,
  ];
  const keepsDeadLetters = (service: string) =>
    catalogue.commands.some((c) => c.subject === `svc.${service}.${DEAD_LETTER_REPLAY_ACTION}`);

  const permissions = new Map<string, IdentityPermissions>();
  for (const service of catalogue.services) {
    const sends = catalogue.commands.filter((c) => c.from.includes(service as never)).map((c) => c.subject);
    const heard = catalogue.subscriptions[service] ?? { consumers: [], watches: [] };
    const durables = heard.consumers.flatMap((c) => c.events.map((e) => durableName(c.name, e)));
    permissions.set(service, {
      publish: [
        ...subjects(...sends),
        ...(service === 'gateway' ? [] : subjects(`evt.${service}.>`)),
        ...(durables.length > 0 ? subjects(`dlq.${service}.>`) : []),
        ...jetStreamBasics,
        ...durables.flatMap((d) => [
          `$JS.API.CONSUMER.INFO.${events}.${d}`,
          `$JS.API.CONSUMER.CREATE.${events}.${d}`,
          `$JS.API.CONSUMER.CREATE.${events}.${d}.>`,
          `$JS.API.CONSUMER.DURABLE.CREATE.${events}.${d}`,
          `$JS.API.CONSUMER.MSG.NEXT.${events}.${d}`,
          `$JS.ACK.${events}.${d}.>`,
        ]),
        ...(keepsFiles.has(service) ? fileStore : []),
        ...(durables.length > 0 && keepsDeadLetters(service) ? deadLetterKeeping : []),
      ],
      subscribe: [
        ...subjects(`svc.${service}.>`),
        `${inboxPrefixOf(service)}.>`,
        ...subjects(...heard.watches.map((e) => e.type)),
      ],
      respond: true,
    });
  }
  permissions.set(OPERATOR_IDENTITY, {
    publish: ['$JS.API.>'],
    subscribe: [`${inboxPrefixOf(OPERATOR_IDENTITY)}.>`],
    respond: false,
  });
  if (development) {
    permissions.set(BENCH_IDENTITY, {
      publish: subjects(`svc.${BENCH_IDENTITY}.>`),
      subscribe: [...subjects(`svc.${BENCH_IDENTITY}.>`), `${inboxPrefixOf(BENCH_IDENTITY)}.>`],
      respond: true,
    });
  }
  return permissions;
}
