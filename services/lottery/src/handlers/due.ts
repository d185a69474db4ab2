import { AppError } from '@voucher/contracts';
import type { HandlerContext } from '@voucher/bus';

/**
 * The scheduler's jobs (DOMAIN §9) work through what is due one by one: a
 * batch someone else already handled is skipped (the job is idempotent), a
 * failure is reported and the rest still run.
 */
export async function workThroughDue(
  ctx: HandlerContext,
  ids: string[],
  work: (id: string) => Promise<unknown>,
): Promise<{ done: string[]; failed: { id: string; error: string }[] }> {
  const done: string[] = [];
  const failed: { id: string; error: string }[] = [];
  for (const id of ids) {
    try {
      await work(id);
      done.push(id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_STATE') continue;
      ctx.log.error({ err, batchId: id }, 'due work failed');
      failed.push({ id, error: err instanceof AppError ? err.code : 'INTERNAL' });
    }
  }
  return { done, failed };
}
