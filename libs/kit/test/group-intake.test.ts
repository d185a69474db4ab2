import { describe, expect, it } from 'vitest';
import { groupIntake, writeGroups, type Decided } from '../src/group-intake.ts';

interface Item {
  key: string;
  value: number;
}

/** An intake whose steps record the groups they saw; `gate` holds writes until opened. */
function recordingIntake(
  options: {
    refuse?: (i: Item) => boolean;
    failWrite?: (group: Item[]) => boolean;
    passing?: (err: unknown) => boolean;
    most?: number;
  } = {},
) {
  const decidedGroups: number[][] = [];
  const writtenGroups: number[][] = [];
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  const intake = groupIntake<Item, number, number>({
    most: options.most,
    keyOf: (i) => i.key,
    passing: options.passing,
    async decide(group) {
      decidedGroups.push(group.map((p) => p.item.value));
      return group.flatMap((p) => {
        if (options.refuse?.(p.item)) {
          p.reject(new Error(`refused ${p.item.value}`));
          return [];
        }
        return [{ pending: p, decision: p.item.value * 10 }];
      });
    },
    async write(decided: Decided<Item, number, number>[]) {
      await gate;
      const items = decided.map((d) => d.pending.item);
      if (options.failWrite?.(items)) throw new Error(`write failed for ${items.map((i) => i.value)}`);
      writtenGroups.push(items.map((i) => i.value));
      for (const d of decided) d.pending.resolve(d.decision);
    },
  });
  return {
    intake,
    decidedGroups,
    writtenGroups,
    release() {
      open();
      gate = Promise.resolve();
    },
  };
}

const item = (value: number, key = `k${value}`): Item => ({ key, value });

describe('group intake', () => {
  it('takes a request at once when idle and gathers the ones arriving while it writes into one group', async () => {
    const r = recordingIntake();
    const first = r.intake.submit(item(1));
    await new Promise((res) => setTimeout(res, 5));
    const later = [2, 3, 4].map((v) => r.intake.submit(item(v)));
    await new Promise((res) => setTimeout(res, 5));
    r.release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(r.decidedGroups).toEqual([[1], [2, 3, 4]]);
    expect(r.writtenGroups).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps at most one decided group waiting for the writer, so requests trickling in still gather', async () => {
    const r = recordingIntake();
    const answers = [r.intake.submit(item(1))];
    for (const v of [2, 3, 4]) {
      await new Promise((res) => setTimeout(res, 2));
      answers.push(r.intake.submit(item(v)));
    }
    r.release();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
    // 2 was decided while 1 was written; 3 and 4 waited for the writer's turn and went together
    expect(r.writtenGroups).toEqual([[1], [2], [3, 4]]);
  });

  it('never puts two requests of one key in groups under way together', async () => {
    const r = recordingIntake();
    const answers = [item(1, 'same'), item(2, 'same'), item(3, 'other')].map((i) => r.intake.submit(i));
    await new Promise((res) => setTimeout(res, 5));
    r.release();
    expect(await Promise.all(answers)).toEqual([10, 20, 30]);
    // the second of key `same` is decided only after the first was written
    expect(r.decidedGroups).toEqual([[1, 3], [2]]);
  });

  it('answers a refused request from its decision and writes the rest of its group', async () => {
    const r = recordingIntake({ refuse: (i) => i.value === 2 });
    r.release();
    const answers = [1, 2, 3].map((v) => r.intake.submit(item(v)).catch((e: Error) => e.message));
    expect(await Promise.all(answers)).toEqual([10, 'refused 2', 30]);
    expect(r.writtenGroups.flat()).toEqual([1, 3]);
  });

  it("does a failed group again request by request, so one request's fault fails only that request", async () => {
    const r = recordingIntake({ failWrite: (g) => g.some((i) => i.value === 2) });
    r.release();
    const answers = [1, 2, 3].map((v) => r.intake.submit(item(v)).catch((e: Error) => e.message));
    expect(await Promise.all(answers)).toEqual([10, 'write failed for 2', 30]);
    expect(r.writtenGroups).toEqual([[1], [3]]);
  });

  it('tries a request alone again while its failure is passing, three times at most', async () => {
    let failures = 0;
    const r = recordingIntake({
      failWrite: () => failures++ < 2,
      passing: (err) => String(err).includes('write failed'),
    });
    r.release();
    expect(await r.intake.submit(item(7))).toBe(70);
    expect(failures).toBe(3);

    const always = recordingIntake({ failWrite: () => true, passing: () => true });
    always.release();
    await expect(always.intake.submit(item(8))).rejects.toThrow('write failed for 8');
    // the group, then three tries alone
    expect(always.decidedGroups).toEqual([[8], [8], [8], [8]]);
  });

  it('keeps a group within its largest size', async () => {
    const r = recordingIntake({ most: 2 });
    const first = r.intake.submit(item(1));
    await new Promise((res) => setTimeout(res, 5));
    const later = [2, 3, 4, 5].map((v) => r.intake.submit(item(v)));
    await new Promise((res) => setTimeout(res, 5));
    r.release();
    await Promise.all([first, ...later]);
    expect(Math.max(...r.decidedGroups.map((g) => g.length))).toBe(2);
    expect(r.writtenGroups.flat().sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('write groups', () => {
  it('writes the requests arriving together with one call and answers each its own result', async () => {
    const calls: number[][] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const writes = writeGroups(
      (v: number) => `k${v}`,
      async (items: number[]) => {
        calls.push(items);
        await gate;
        return items.map((v) => v * 2);
      },
    );
    const first = writes.submit(1);
    await new Promise((res) => setTimeout(res, 2));
    const rest = [2, 3, 4].map((v) => writes.submit(v));
    open();
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });
});
