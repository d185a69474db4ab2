import {
  FLEET_STALE_AFTER_MS,
  services,
  type ConsumerLag,
  type FleetReport,
  type OperationsView,
} from '@voucher/contracts';

type Backlog = NonNullable<FleetReport['outbox']>;

function largerBacklog(a: Backlog | null, b: Backlog | null): Backlog | null {
  if (!a || !b) return a ?? b;
  return { rows: Math.max(a.rows, b.rows), oldestAgeSeconds: Math.max(a.oldestAgeSeconds, b.oldestAgeSeconds) };
}

/** Replicas of one service read the same durables: per consumer, the largest of each count (issue 19). */
function largestLags(reports: FleetReport[]): ConsumerLag[] {
  const byName = new Map<string, ConsumerLag>();
  for (const lag of reports.flatMap((r) => r.consumers)) {
    const seen = byName.get(lag.consumer);
    byName.set(
      lag.consumer,
      seen
        ? {
            consumer: lag.consumer,
            pending: Math.max(seen.pending, lag.pending),
            ackPending: Math.max(seen.ackPending, lag.ackPending),
            redelivered: Math.max(seen.redelivered, lag.redelivered),
          }
        : lag,
    );
  }
  return [...byName.values()].sort((a, b) => a.consumer.localeCompare(b.consumer));
}

/**
 * The operations console's view of the fleet at `now` (issue 19 item 4):
 * every service of the platform in catalogue order, each with the replicas
 * that reported, stale once a report is two intervals old. A stale replica
 * still counts in the service's backlog and lags: they are its last word.
 */
export function operationsView(reports: FleetReport[], now: Date): OperationsView {
  return {
    at: now.toISOString(),
    services: services.map((service) => {
      const own = reports.filter((r) => r.service === service).sort((a, b) => a.instance.localeCompare(b.instance));
      return {
        service,
        replicas: own.map((r) => ({
          instance: r.instance,
          status: now.getTime() - Date.parse(r.reportedAt) > FLEET_STALE_AFTER_MS ? 'stale' : r.status,
          checks: r.checks,
          version: r.version,
          startedAt: r.startedAt,
          reportedAt: r.reportedAt,
          // as of its last report: a stale replica's uptime does not go on growing
          uptimeSeconds: Math.max(0, Math.round((Date.parse(r.reportedAt) - Date.parse(r.startedAt)) / 1000)),
          outbox: r.outbox,
        })),
        outbox: own.reduce<Backlog | null>((acc, r) => largerBacklog(acc, r.outbox), null),
        consumers: largestLags(own),
      };
    }),
  };
}
