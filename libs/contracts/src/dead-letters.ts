import { z } from 'zod';

/**
 * The action of the command by which a service replays its dead letters
 * (ARCHITECTURE A5): a service that answers `svc.<service>.replayDeadLetter`
 * is granted, by that declaration alone, the reading and removing of messages
 * of the dead-letter stream (libs/bus `busPermissions`), and lists and replays
 * its own `dlq.<service>.>` only (libs/bus `DeadLetters`).
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
  /** the deliveries it had before it was parked */
  deliveries: z.number().int().nullable(),
  /** why the consumer gave up (its last error, at most 500 characters) */
  reason: z.string(),
  /** whether the service can republish it: an event of its own, readable */
  replayable: z.boolean(),
});
export type DeadLetterView = z.infer<typeof deadLetterViewSchema>;

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
