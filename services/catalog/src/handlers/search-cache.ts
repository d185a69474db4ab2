import { randomUUID } from 'node:crypto';
import type { Logger, Redis } from '@voucher/kit';

/**
 * The public catalogue's answers (CAT-4) kept in this replica for a moment:
 * they are the same for everyone and change only when a listing does (a
 * review lists or replaces a product, a delisting, a provider renamed or
 * revoked), which is seldom next to how often they are read. Any such change
 * forgets every kept answer at once (`changed`), in this replica after its
 * commit and in the others through a Redis message; the expiry bounds what a
 * lost message can leave stale. A read that started before a change never
 * keeps its answer, and concurrent misses of one query share one read.
 */
/** A copy of what the listings say, kept in this replica: what a change of the listings must reach. */
interface ListingsCopy {
  /** forgets everything kept, in this replica only */
  forget(): void;
  /** forgets everything and keeps nothing new for `ms` (a change is about to commit) */
  pause(ms: number): void;
}

export interface AnswerCache extends ListingsCopy {
  /** the kept answer of `key`, or `load()`'s, kept unless the listings changed meanwhile */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export function answerCache({ keepMs, maxEntries }: { keepMs: number; maxEntries: number }): AnswerCache {
  // insertion order is the order of last use: the first key is the one to evict
  const kept = new Map<string, { value: unknown; until: number }>();
  const loading = new Map<string, Promise<unknown>>();
  let generation = 0;
  let pausedUntil = 0;
  const forget = () => {
    generation++;
    kept.clear();
    loading.clear();
  };
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (keepMs <= 0) return load();
      const hit = kept.get(key);
      if (hit) {
        kept.delete(key);
        if (hit.until > Date.now()) {
          kept.set(key, hit);
          return Promise.resolve(hit.value as T);
        }
      }
      const shared = loading.get(key);
      if (shared) return shared as Promise<T>;
      const started = generation;
      const read: Promise<T> = load()
        .then((value) => {
          if (generation === started && Date.now() >= pausedUntil) {
            kept.set(key, { value, until: Date.now() + keepMs });
            if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
          }
          return value;
        })
        .finally(() => {
          if (loading.get(key) === read) loading.delete(key);
        });
      loading.set(key, read);
      return read;
    },
    forget,
    pause(ms) {
      forget();
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
    },
    get size() {
      return kept.size;
    },
  };
}

/**
 * Tells every catalog replica that the listings changed, so each forgets its
 * kept answers: this replica at once, the others through a Redis channel of
 * the deployment's prefix. A replica whose subscription was interrupted
 * forgets everything when it is back, as it may have missed a message.
 */
export interface ListingsChanged {
  /**
   * after a commit that changed the listings; resolves once Redis has passed
   * the message on, so the answer that follows finds the other replicas told
   */
  committed(): Promise<void>;
  /**
   * inside a transaction whose commit is not in the caller's hands (an event
   * consumer's): this replica keeps nothing until the commit has surely
   * happened (SETTLE_MS), then every replica forgets
   */
  inTransaction(): void;
  stop(): Promise<void>;
}

/** how long after a consumer's handler returns its commit is taken to be done */
const SETTLE_MS = 1_000;
/** how long a change's announcement may wait for Redis */
const ANNOUNCE_WAIT_MS = 500;
/** how long the start waits for the subscription */
const SUBSCRIBE_WAIT_MS = 2_000;
const waitFor = (ms: number) => new Promise<void>((res) => setTimeout(res, ms).unref());

export async function listingsChanged(
  caches: readonly ListingsCopy[],
  { redis, prefix, logger }: { redis: Redis; prefix: string; logger: Logger },
): Promise<ListingsChanged> {
  const channel = `${prefix}catalog:listings-changed`;
  const forget = () => caches.forEach((c) => c.forget());
  const me = randomUUID();
  const listener = redis.duplicate();
  listener.on('error', (err) => logger.warn({ err }, 'the catalogue cache’s Redis subscription failed'));
  const subscribe = () =>
    listener.subscribe(channel).then(
      () => true,
      (err: unknown) => {
        logger.warn({ err }, 'the catalogue cache could not subscribe to the listings’ changes');
        return false;
      },
    );
  let started = false;
  listener.on('ready', () => {
    // a (re)connection: what was published meanwhile is lost; subscribing again changes nothing if subscribed
    if (started) {
      forget();
      void subscribe();
    }
  });
  listener.on('message', (from: string, sender: string) => {
    if (from === channel && sender !== me) forget();
  });
  // a Redis away at the start does not stop the catalog: it subscribes when Redis is back, and the expiry bounds the rest
  await Promise.race([subscribe(), waitFor(SUBSCRIBE_WAIT_MS)]);
  started = true;
  const timers = new Set<NodeJS.Timeout>();
  const announce = async () => {
    forget();
    try {
      // a Redis that does not answer does not hold up the review's answer
      await Promise.race([
        redis.publish(channel, me),
        waitFor(ANNOUNCE_WAIT_MS).then(() => Promise.reject(new Error('no answer'))),
      ]);
    } catch (err) {
      // the other replicas' copies expire on their own
      logger.warn({ err }, 'the catalogue change could not be announced to the other replicas');
    }
  };
  return {
    committed: announce,
    inTransaction() {
      // until the commit has surely happened, this replica answers from PostgreSQL and keeps nothing
      caches.forEach((c) => c.pause(SETTLE_MS));
      const timer = setTimeout(() => {
        timers.delete(timer);
        void announce();
      }, SETTLE_MS);
      timers.add(timer);
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      listener.disconnect();
    },
  };
}
