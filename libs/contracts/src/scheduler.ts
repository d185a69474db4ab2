import { z } from 'zod';
import { defineCommand } from './define.ts';
import { freeText, idSchema, pageOf, pageQuerySchema } from './common.ts';

/** A job's name as `src/jobs.ts` of the scheduler declares it: `draw-due-batches`, `remind-expiring-vouchers`... */
export const jobNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a job name: lowercase letters and digits, words joined by "-"')
  .max(60);

export const jobViewSchema = z.object({
  name: z.string(),
  description: z.string(),
  schedule: z.string(),
  lastRunAt: z.string().nullable(),
  lastOutcome: z.enum(['ok', 'failed', 'skipped']).nullable(),
});

export const jobRunSchema = z.object({
  id: z.number().int(),
  job: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  outcome: z.enum(['ok', 'failed']),
  detail: z.record(z.string(), z.unknown()),
  /** `tick`: its due time came; `manual`: an admin ran it now (`POST /admin/jobs/:name/run`) */
  trigger: z.enum(['tick', 'manual']),
  /** the admin who ran it by hand; null for a tick */
  startedBy: idSchema.nullable(),
});

/**
 * How long the gateway waits for a job run by hand: the longest job's request
 * (a lottery draw, 120 s) and the recording of its run, within its lock (150 s).
 */
export const RUN_JOB_TIMEOUT_MS = 150_000;

export const scheduler = {
  listJobs: defineCommand('svc.scheduler.listJobs', z.object({}), z.object({ items: z.array(jobViewSchema) })),
  listRuns: defineCommand(
    'svc.scheduler.listRuns',
    pageQuerySchema.extend({
      job: freeText().max(60).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
    }),
    pageOf(jobRunSchema),
  ),
  /**
   * DOMAIN §9: an admin runs one job now, under the lock of its ticks; the
   * answer is its run, always recorded, as `manual` with the admin's id.
   * INVALID_STATE while a run of it is going, NOT_FOUND for a job this build
   * does not have.
   */
  runJob: defineCommand('svc.scheduler.runJob', z.object({ name: jobNameSchema }), jobRunSchema, {
    timeoutMs: RUN_JOB_TIMEOUT_MS,
  }),
} as const;
