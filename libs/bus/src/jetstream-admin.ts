import type { Logger } from 'pino';

/** How long a starting process waits for JetStream's API before it gives up (A8). */
export const JETSTREAM_ADMIN_PATIENCE_MS = 60_000;

/** What the platform found configured otherwise than it needs: no retry changes it. */
export class JetStreamMisconfigured extends Error {
  override name = 'JetStreamMisconfigured';
}

/** The server refused the subject: the identity's permissions (A7) do not name it. */
export const isPermissionViolation = (err: unknown) => /permission/i.test(String((err as Error)?.message ?? err));

/** A refusal no retry changes: the permissions (A7) and the streams' shape are configuration. */
const isPermanent = (err: unknown) => err instanceof JetStreamMisconfigured || isPermissionViolation(err);

/**
 * Runs one JetStream administration step (account info, a stream, a durable
 * consumer) until it succeeds. In a cluster the API goes quiet for seconds
 * while a node is lost and leaders are elected, and a consumer one replica
 * has just created may not be found yet by the other: a process that starts
 * then waits and tries again, instead of failing its start (A8). A
 * permission refusal is thrown at once, as is anything after `patienceMs`.
 */
export async function untilJetStreamAnswers<T>(
  what: string,
  step: () => Promise<T>,
  log: Logger,
  { patienceMs = JETSTREAM_ADMIN_PATIENCE_MS, pauseMs = 250 } = {},
): Promise<T> {
  const until = Date.now() + patienceMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (isPermanent(err) || Date.now() + pauseMs > until) throw err;
      log.warn({ what, attempt, reason: (err as Error).message }, 'jetstream did not answer, trying again');
      await new Promise((r) => setTimeout(r, Math.min(pauseMs * attempt, 2_000)));
    }
  }
}
