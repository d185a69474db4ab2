import type { Redis } from '@voucher/kit';
import {
  FAILED_REQUEST_TTL_SECONDS,
  failedRequestSchema,
  fleetKeys,
  fleetReportSchema,
  type FailedRequest,
  type FleetReport,
} from '@voucher/contracts';

/**
 * What the operations console reads and the gateway keeps in Redis (issue 19
 * item 4): the processes' own reports (libs/runtime fleet-report.ts writes
 * them) and the gateway's record of the requests it failed.
 */
export function operationsStore(redis: Redis) {
  return {
    /** Every report not yet expired: a member of the index whose report is gone has stopped or died. */
    async fleetReports(): Promise<FleetReport[]> {
      const members = await redis.zrange(fleetKeys.index, 0, -1);
      if (members.length === 0) return [];
      const bodies = await redis.mget(members.map(fleetKeys.report));
      return bodies.flatMap((body) => {
        if (body === null) return [];
        // a report of another release, unreadable here, is left out rather than fail the whole console
        const parsed = fleetReportSchema.safeParse(JSON.parse(body));
        return parsed.success ? [parsed.data] : [];
      });
    },

    /** One SET with its expiry, on failures only: the requests that succeed cost nothing. */
    async recordFailedRequest(failed: FailedRequest): Promise<void> {
      await redis.set(
        fleetKeys.failedRequest(failed.requestId),
        JSON.stringify(failed),
        'EX',
        FAILED_REQUEST_TTL_SECONDS,
      );
    },

    async failedRequest(requestId: string): Promise<FailedRequest | undefined> {
      const body = await redis.get(fleetKeys.failedRequest(requestId));
      return body === null ? undefined : failedRequestSchema.parse(JSON.parse(body));
    },
  };
}

export type OperationsStore = ReturnType<typeof operationsStore>;
