import type { Server } from 'node:http';
import type { Logger } from './logger.ts';

/** A small HTTP server beside a process's work (its probes, its metrics), listening, and how to stop it. */
export interface SideServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens with `server` on `host:port` (0: any free port) and says so in the
 * log as `<what> listening`; `close` cuts the open connections at once,
 * since a scraper's or a prober's keep-alive must not hold up a shutdown.
 */
export async function listenBeside(
  server: Server,
  { host, port, what, logger }: { host: string; port: number; what: string; logger: Logger },
): Promise<SideServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  logger.info({ host, port: bound }, `${what} listening`);
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
