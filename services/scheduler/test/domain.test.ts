import { describe, expect, it } from 'vitest';
import { AppError } from '@voucher/contracts';
import { didWork, failureDetail, judge } from '../src/domain/job.ts';
import { jobs } from '../src/jobs.ts';
import { jobsByPattern } from '../src/ticking.ts';

describe('DOMAIN §9 what a run leaves behind', () => {
  it('keeps a run that did something, and not the quiet tick', () => {
    expect(judge({ done: [], failed: [] })).toEqual({ outcome: 'ok', record: false });
    expect(judge({ done: ['b1'], failed: [] })).toEqual({ outcome: 'ok', record: true });
    expect(didWork({ expired: 3 })).toBe(true);
    expect(didWork({ expired: 0, ok: true })).toBe(false);
  });

  it('calls a run failed when it reports items it could not do: they stay due for the next tick', () => {
    expect(judge({ done: ['b1'], failed: [{ id: 'b2', error: 'INTERNAL' }] })).toEqual({
      outcome: 'failed',
      record: true,
    });
  });

  it('records a thrown error by its code and message', () => {
    expect(failureDetail(new AppError('TIMEOUT', 'lottery did not answer in time'))).toEqual({
      error: { code: 'TIMEOUT', message: 'lottery did not answer in time' },
    });
    expect(failureDetail(new Error('boom'))).toEqual({ error: { code: 'INTERNAL', message: 'boom' } });
  });
});

describe('DOMAIN §9 the jobs list', () => {
  it('names every job once, each with a bounded lock that outlives its 120 s request', () => {
    expect(new Set(jobs.map((j) => j.name)).size).toBe(jobs.length);
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['draw-due-batches', 'publish-due-results']));
    for (const job of jobs) expect(job.lockMs).toBeGreaterThan(120_000);
  });

  it('runs a job on the tick unless it names its own pattern, and refuses a pattern node-cron cannot read', () => {
    const [a, b] = jobs;
    const groups = jobsByPattern([a!, { ...b!, cron: '0 0 2 * * *' }], '* * * * * *');
    expect([...groups].map(([p, js]) => [p, js.map((j) => j.name)])).toEqual([
      ['* * * * * *', [a!.name]],
      ['0 0 2 * * *', [b!.name]],
    ]);
    expect(() => jobsByPattern([{ ...a!, cron: 'every day' }], '* * * * * *')).toThrow(/not a cron pattern/);
  });
});
