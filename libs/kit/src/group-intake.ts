/** A request waiting in a group intake, answered by the intake's steps. */
export interface Pending<T, R> {
  readonly item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/** A request its group's `decide` let through, with what was decided for it. */
export interface Decided<T, R, D> {
  pending: Pending<T, R>;
  decision: D;
}

export interface GroupIntakeSteps<T, R, D> {
  /** Requests with one key are never in groups under way together, so a group reads what the one before wrote. */
  keyOf(item: T): string;
  /** Reads what the group needs in one go and decides; answers the refused itself and returns the rest. */
  decide(group: Pending<T, R>[]): Promise<Decided<T, R, D>[]>;
  /** Writes the decided in one go and answers each. */
  write(decided: Decided<T, R, D>[]): Promise<void>;
  /** A request done alone after its group failed is tried again while this says the failure was passing. */
  passing?(err: unknown): boolean;
  /** the largest group */
  most?: number;
}

/**
 * Requests arriving together are decided and written together, the way a
 * database commits a group: an idle intake takes a request at once; while it
 * is busy the next ones gather and go as one group. A group is decided (its
 * reads) while the group before it is written, one group in each step at a
 * time, so a request costs a share of two round trips instead of its own.
 * A group that fails is done again request by request, so one request's
 * trouble is nobody else's.
 */
export function groupIntake<T, R, D>(steps: GroupIntakeSteps<T, R, D>): { submit(item: T): Promise<R> } {
  const { keyOf, decide, write, passing = () => false, most = 256 } = steps;
  let waiting: Pending<T, R>[] = [];
  const underWay = new Set<string>();
  let deciding = false;
  let writerFree: Promise<void> = Promise.resolve();

  async function alone(p: Pending<T, R>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const decided = await decide([p]);
        if (decided.length > 0) await write(decided);
        return;
      } catch (err) {
        if (attempt >= 3 || !passing(err)) {
          p.reject(err);
          return;
        }
      }
    }
  }

  /** One writer at a time, in the order groups were decided. */
  function turnToWrite(): Promise<() => void> {
    let done!: () => void;
    const before = writerFree;
    writerFree = new Promise<void>((resolve) => (done = resolve));
    return before.then(() => done);
  }

  async function run(group: Pending<T, R>[], keys: Set<string>): Promise<void> {
    const decided = await decide(group).catch(() => null);
    const release = await turnToWrite();
    // the next group gathers while this one is written, not before: a decided group never waits for the writer
    deciding = false;
    next();
    try {
      if (decided === null) {
        for (const p of group) await alone(p);
      } else if (decided.length > 0) {
        await write(decided).catch(async () => {
          for (const d of decided) await alone(d.pending);
        });
      }
    } finally {
      release();
      for (const key of keys) underWay.delete(key);
      next();
    }
  }

  function next(): void {
    if (deciding || waiting.length === 0) return;
    const group: Pending<T, R>[] = [];
    const later: Pending<T, R>[] = [];
    const keys = new Set<string>();
    for (const p of waiting) {
      const key = keyOf(p.item);
      if (group.length < most && !underWay.has(key) && !keys.has(key)) {
        group.push(p);
        keys.add(key);
      } else later.push(p);
    }
    waiting = later;
    if (group.length === 0) return;
    for (const key of keys) underWay.add(key);
    deciding = true;
    void run(group, keys);
  }

  return {
    submit(item: T): Promise<R> {
      return new Promise((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        queueMicrotask(next);
      });
    },
  };
}

/**
 * A group intake with nothing to read: requests arriving together are
 * written by one call of `writeAll`, which answers each item in order.
 */
export function writeGroups<T, R>(
  keyOf: (item: T) => string,
  writeAll: (items: T[]) => Promise<R[]>,
): { submit(item: T): Promise<R> } {
  return groupIntake<T, R, null>({
    keyOf,
    decide: async (group) => group.map((pending) => ({ pending, decision: null })),
    async write(decided) {
      const results = await writeAll(decided.map((d) => d.pending.item));
      decided.forEach((d, i) => d.pending.resolve(results[i]!));
    },
  });
}
