import { z } from 'zod';
import { defineCommand } from './define.ts';
import { freeText, pageOf, pageQuerySchema } from './common.ts';

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
});

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
} as const;
