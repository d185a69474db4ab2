import { sweepAbandoned } from './isolation.ts';

/** Vitest global setup: start each run on a machine free of crashed runs' leftovers. */
export default async function setup(): Promise<void> {
  await sweepAbandoned();
}
