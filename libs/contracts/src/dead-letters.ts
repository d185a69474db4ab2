import { z } from 'zod';
import { freeText, pageOf, pageQuerySchema } from './common.ts';
import { defineCommand } from './define.ts';
import type { ServiceName } from './services.ts';

/**
 * The action of the command by which a service replays its dead letters
 * (ARCHITECTURE A5): a service that answers `svc.<service>.replayDeadLetter`
 * is granted, by that declaration alone, the reading and removing of messages
 * of the dead-letter stream (libs/bus `busPermissions`), and lists, replays
 * and discards its own `dlq.<service>.>` only (libs/bus `DeadLetters`).
 */
export const DEAD_LETTER_REPLAY_ACTION = 'replayDeadLetter';

/**
 * One dead letter as an administrator sees it: where it failed and why, and
 * which event it was, by type and id only. Never the event's data: it may
 * hold personal data (a mobile, an address, the text of a message).
 */
export const deadLetterViewSchema = z.object({
  /** its sequence in the dead-letter stream: what a replay names */
  seq: z.number().int().min(1),
  /** the durable consumer that gave up on it, `<service>-<purpose>` */
  consumer: z.string(),
  /** the event's type and id (null: an envelope that could not be read) */
  eventType: z.string().nullable(),
  eventId: z.string().nullable(),
  /** when it was parked */
  deadLetteredAt: z.string(),
  /** when the event entered the events stream, a replay's when republished (null: parked before this was recorded) */
  publishedAt: z.string().nullable(),
  /** the deliveries it had before it was parked */
  deliveries: z.number().int().nullable(),
  /** why the consumer gave up (its last error, at most 500 characters) */
  reason: z.string(),
  /** whether the service can republish it: an event of its own, readable */
  replayable: z.boolean(),
  /** the dead letter whose replay failed again into this one (null: a first failure) */
  replayedFrom: z.number().int().nullable(),
});
export type DeadLetterView = z.infer<typeof deadLetterViewSchema>;

/** One administrator's action on a dead letter, from the service's audit log (DOMAIN §0). */
export const deadLetterActionSchema = z.object({
  action: z.enum(['replayed', 'discarded']),
  role: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});

/**
 * A listed dead letter with its history: besides its deliveries and when it
 * was published and parked, what administrators did to the dead letter it
 * was replayed from (an event replayed and failed again is parked anew).
 */
export const deadLetterEntrySchema = deadLetterViewSchema.extend({
  history: z.array(deadLetterActionSchema),
});
export type DeadLetterEntry = z.infer<typeof deadLetterEntrySchema>;

/** A dead letter named by its sequence (a path parameter: a string that must be a positive integer). */
export const deadLetterSeqSchema = z.object({
  seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const deadLetterReplayedSchema = z.object({
  seq: z.number().int(),
  consumer: z.string(),
  eventType: z.string(),
  eventId: z.string(),
  replayedAt: z.string(),
});
export type DeadLetterReplayed = z.infer<typeof deadLetterReplayedSchema>;

export const deadLetterDiscardSchema = deadLetterSeqSchema.extend({
  /** why it is given up on: kept in the audit log */
  reason: freeText({ multiline: true }).max(500, 'at most 500 characters').optional(),
});

export const deadLetterDiscardedSchema = z.object({
  seq: z.number().int(),
  consumer: z.string(),
  eventType: z.string().nullable(),
  eventId: z.string().nullable(),
  discardedAt: z.string(),
});
export type DeadLetterDiscarded = z.infer<typeof deadLetterDiscardedSchema>;

/**
 * Issue 19 item 4: the dead letters of one service, for administrators,
 * answered by every service that runs durable consumers (libs/runtime
 * `startService` registers them): `list` oldest first, `replay` its event to
 * the consumer that failed, `discard` it for good; both audited in the
 * service's own audit log as entity `dead_letter`, id `<stream>:<seq>`.
 */
export function deadLetterCommands(service: ServiceName) {
  return {
    list: defineCommand(`svc.${service}.deadLetters`, pageQuerySchema, pageOf(deadLetterEntrySchema)),
    /** NOT_FOUND once it is gone (replayed or discarded already); INVALID_STATE for one it cannot republish */
    replay: defineCommand(`svc.${service}.${DEAD_LETTER_REPLAY_ACTION}`, deadLetterSeqSchema, deadLetterReplayedSchema),
    /** NOT_FOUND once it is gone */
    discard: defineCommand(`svc.${service}.discardDeadLetter`, deadLetterDiscardSchema, deadLetterDiscardedSchema),
  };
}
