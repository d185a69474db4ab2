import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

/**
 * Drains on SIGTERM/SIGINT: steps run in the given order (stop taking work,
 * finish in-flight, close connections), each bounded so a stuck step cannot
 * keep a dead process around.
 */
export function installShutdown(
  logger: Logger,
  steps: ShutdownStep[],
  { stepTimeoutMs = 10_000 } = {},
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      for (const step of steps) {
        try {
          await Promise.race([
            Promise.resolve(step.run()),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), stepTimeoutMs).unref()),
          ]);
        } catch (err) {
          logger.error({ err, step: step.name }, 'shutdown step failed');
        }
      }
      logger.info('stopped');
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping');
      void shutdown().then(() => process.exit(0));
    });
  }
  return shutdown;
}
