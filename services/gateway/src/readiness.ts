import { z } from 'zod';
import { AppError, healthCommand, services, type ServiceName } from '@voucher/contracts';
import type { GatewayContext } from './config.ts';

/** How long one dependency may take before it counts as down: a probe must answer well inside its own timeout. */
const READINESS_TIMEOUT_MS = 1500;

const check = z.enum(['ok', 'failed']);
const serviceCheck = z.enum(['ok', 'failed', 'missing']);

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    nats: check,
    postgres: check,
    redis: check,
    /** `missing`: no replica answers on the bus; `failed`: one answered late or degraded */
    services: z.record(z.enum(services), serviceCheck),
  }),
});
export type Readiness = z.infer<typeof readinessSchema>;

/** What anyone may read of it: ready or not, not which dependency fails (a map of the platform for an attacker). */
export const publicReadinessSchema = readinessSchema.pick({ status: true });

/** How long one answer of /readyz is kept: a probe every second at most reaches the services. */
export const READINESS_CACHE_MS = 1000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref()),
  ]);
}

async function probe(work: () => Promise<unknown>, ms: number): Promise<'ok' | 'failed'> {
  try {
    await within(work(), ms);
    return 'ok';
  } catch {
    return 'failed';
  }
}

async function serviceHealth(
  ctx: Pick<GatewayContext, 'bus'>,
  name: ServiceName,
  requestId: string,
  ms: number,
): Promise<z.infer<typeof serviceCheck>> {
  try {
    const reply = await ctx.bus.request(healthCommand(name), {}, { requestId }, { timeoutMs: ms });
    return reply.status === 'ok' ? 'ok' : 'failed';
  } catch (err) {
    return err instanceof AppError && err.code === 'UNAVAILABLE' ? 'missing' : 'failed';
  }
}

/**
 * Ready means a request can go all the way (DOMAIN §10): the gateway's own
 * connections answer and every service of the platform answers its health
 * command. Everything is asked at once, so the answer takes one timeout at most.
 */
export async function checkReadiness(
  ctx: Pick<GatewayContext, 'bus' | 'pool' | 'redis'>,
  requestId: string,
  ms = READINESS_TIMEOUT_MS,
): Promise<Readiness> {
  const [nats, postgres, redis, ...perService] = await Promise.all([
    probe(async () => {
      if (ctx.bus.nc.isClosed()) throw new Error('closed');
      await ctx.bus.nc.flush();
    }, ms),
    probe(() => ctx.pool.query('SELECT 1'), ms),
    probe(() => ctx.redis.ping(), ms),
    ...services.map((name) => serviceHealth(ctx, name, requestId, ms)),
  ]);
  const serviceChecks = Object.fromEntries(services.map((name, i) => [name, perService[i]])) as Record<
    ServiceName,
    z.infer<typeof serviceCheck>
  >;
  const ready = [nats, postgres, redis, ...perService].every((c) => c === 'ok');
  return {
    status: ready ? 'ready' : 'not_ready',
    checks: { nats, postgres, redis, services: serviceChecks },
  };
}

/**
 * The readiness check behind /readyz, run at most once per `ttlMs`: callers
 * within that time get the last answer, and callers while a check runs wait
 * for that one. So /readyz called in a loop, by anyone, asks the services
 * once a second per gateway, not once per call.
 */
export class CachedReadiness {
  private last: { at: number; readiness: Readiness } | undefined;
  private running: Promise<Readiness> | undefined;

  constructor(
    private readonly check: (requestId: string) => Promise<Readiness>,
    private readonly ttlMs = READINESS_CACHE_MS,
  ) {}

  get(requestId: string): Promise<Readiness> {
    if (this.last && Date.now() - this.last.at < this.ttlMs) return Promise.resolve(this.last.readiness);
    this.running ??= this.check(requestId)
      .then((readiness) => {
        this.last = { at: Date.now(), readiness };
        return readiness;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
