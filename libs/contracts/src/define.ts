import { z } from 'zod';
import type { ServiceName } from './services.ts';

/** A request-reply command or query on `svc.<service>.<action>` (ARCHITECTURE A4). */
export interface CommandDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  kind: 'command';
  subject: string;
  service: string;
  request: Req;
  reply: Res;
  /** how long a caller waits by default: long-running work (a million-row draw) says so here */
  timeoutMs?: number;
  /**
   * The bus identities that may send it (ARCHITECTURE A7): the gateway for
   * what users ask, the services that call it for the rest. The NATS
   * permissions are generated from this, and the answering service refuses
   * any other sender.
   */
  from: readonly ServiceName[];
}

export function defineCommand<Req extends z.ZodType, Res extends z.ZodType>(
  subject: `svc.${string}.${string}`,
  request: Req,
  reply: Res,
  { timeoutMs, from = ['gateway'] }: { timeoutMs?: number; from?: readonly ServiceName[] } = {},
): CommandDef<Req, Res> {
  const service = subject.split('.')[1] as string;
  return { kind: 'command', subject, service, request, reply, from, ...(timeoutMs ? { timeoutMs } : {}) };
}

/** A domain event on `evt.<service>.<entity>.<past-tense>` (ARCHITECTURE A5). */
export interface EventDef<Data extends z.ZodType = z.ZodType> {
  kind: 'event';
  type: string;
  producer: string;
  version: number;
  data: Data;
}

export function defineEvent<Data extends z.ZodType>(
  type: `evt.${string}.${string}.${string}`,
  data: Data,
  version = 1,
): EventDef<Data> {
  return { kind: 'event', type, producer: type.split('.')[1] as string, version, data };
}

export type RequestOf<C extends CommandDef> = z.input<C['request']>;
export type ParsedRequestOf<C extends CommandDef> = z.output<C['request']>;
export type ReplyOf<C extends CommandDef> = z.output<C['reply']>;
export type DataOf<E extends EventDef> = z.output<E['data']>;

/** The one envelope of every event (ARCHITECTURE A5); `id` doubles as the JetStream message id. */
export const envelopeSchema = z.object({
  id: z.guid(),
  type: z.string(),
  occurredAt: z.string(),
  producer: z.string(),
  version: z.number().int(),
  data: z.unknown(),
});
export type Envelope<D = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: D };
