import { z } from 'zod';
import { services } from './services.ts';

/**
 * The operations console (issue 19 item 4): every process reports itself to
 * Redis every few seconds (libs/runtime fleet-report.ts) and the gateway reads
 * the reports back for `GET /admin/operations`. These are the keys both sides
 * use, below the platform's REDIS_PREFIX.
 */
export const fleetKeys = {
  /** a sorted set of `<service>:<instance>`, scored by the last report's time (ms): the reader's index */
  index: 'fleet:instances',
  /** one process's last report, a JSON string that expires when the process stops reporting */
  report: (member: string) => `fleet:report:${member}`,
  /** a failed request's trace, by its request id, kept a day */
  failedRequest: (requestId: string) => `failed-request:${requestId}`,
};

/** How often a process reports: consumer info from JetStream no more often than this (issue 19 item 4). */
export const FLEET_REPORT_INTERVAL_MS = 5_000;
/** A report missed twice in a row: the replica shows as stale. */
export const FLEET_STALE_AFTER_MS = 2 * FLEET_REPORT_INTERVAL_MS;
/** A replica that has not reported this long is gone: its report expires. */
export const FLEET_GONE_AFTER_MS = 15_000;

const checkState = z.enum(['ok', 'failed']);

export const consumerLagSchema = z.object({
  /** the durable's name as the service declares it, `<service>-<purpose>` */
  consumer: z.string(),
  /** not yet delivered */
  pending: z.number().int().min(0),
  /** delivered and not yet acknowledged */
  ackPending: z.number().int().min(0),
  redelivered: z.number().int().min(0),
});
export type ConsumerLag = z.infer<typeof consumerLagSchema>;

export const outboxBacklogSchema = z.object({
  rows: z.number().int().min(0),
  oldestAgeSeconds: z.number().min(0),
});

/** What one process writes of itself at each report. */
export const fleetReportSchema = z.object({
  service: z.enum(services),
  /** host name, pid and a random part: two processes of one host, or of one test, never share it */
  instance: z.string(),
  version: z.string(),
  startedAt: z.string(),
  reportedAt: z.string(),
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), checkState),
  /** null: the outbox could not be read at this report */
  outbox: outboxBacklogSchema.nullable(),
  consumers: z.array(consumerLagSchema),
});
export type FleetReport = z.infer<typeof fleetReportSchema>;

export const replicaViewSchema = z.object({
  instance: z.string(),
  /** `stale`: its last report is older than two intervals, and it disappears once the report expires */
  status: z.enum(['ok', 'degraded', 'stale']),
  checks: z.record(z.string(), checkState),
  version: z.string(),
  startedAt: z.string(),
  reportedAt: z.string(),
  /** as of its last report */
  uptimeSeconds: z.number().int().min(0),
  outbox: outboxBacklogSchema.nullable(),
});

export const serviceOperationsSchema = z.object({
  service: z.enum(services),
  replicas: z.array(replicaViewSchema),
  /** the outbox is the service's, shared by its replicas: the largest backlog any of them read */
  outbox: outboxBacklogSchema.nullable(),
  /** replicas of one service report the same durables: per consumer, the maximum of each count */
  consumers: z.array(consumerLagSchema),
});

/** `GET /admin/operations`: every service, those no replica reports for included (with none). */
export const operationsViewSchema = z.object({
  at: z.string(),
  services: z.array(serviceOperationsSchema),
});
export type OperationsView = z.infer<typeof operationsViewSchema>;

/** How long a failed request's trace is kept for the lookup: a day, as a user reports it the same day. */
export const FAILED_REQUEST_TTL_SECONDS = 86_400;

/** A request id as the gateway accepts one from a client (gateway request-id.ts), or its own UUIDv7. */
export const requestIdParamsSchema = z.object({
  requestId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

/** What the gateway keeps of a request it answered with a 5xx. */
export const failedRequestSchema = z.object({
  requestId: z.string(),
  traceId: z.string().nullable(),
  method: z.string(),
  /** the route template, never the path: a path may hold a mobile or an id of someone */
  route: z.string(),
  status: z.number().int(),
  at: z.string(),
});
export type FailedRequest = z.infer<typeof failedRequestSchema>;

/** `GET /admin/requests/:requestId`: the failed request and, with TRACE_URL_TEMPLATE set, where its trace is. */
export const failedRequestViewSchema = failedRequestSchema.extend({
  traceUrl: z.string().nullable(),
});
