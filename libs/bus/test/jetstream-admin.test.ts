import { describe, expect, it } from 'vitest';
import { createLogger } from '@voucher/kit';
import { JetStreamMisconfigured, untilJetStreamAnswers } from '../src/index.ts';

const log = createLogger('test', 'silent');

/** A step that fails `failures` times with `error`, then answers. */
function flaky(failures: number, error: () => Error) {
  let calls = 0;
  return {
    step: async () => {
      calls++;
      if (calls <= failures) throw error();
      return 'answered';
    },
    calls: () => calls,
  };
}

describe('a starting process waits out a JetStream API gone quiet during a leader election (A8)', () => {
  it('tries again after timeouts and a consumer not found yet, and answers once JetStream does', async () => {
    const timeouts = flaky(3, () => Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
    await expect(untilJetStreamAnswers('account info', timeouts.step, log, { pauseMs: 1 })).resolves.toBe('answered');
    expect(timeouts.calls()).toBe(4);
  });

  it('refuses at once what no retry changes: a permission, a stream of another shape', async () => {
    const denied = flaky(5, () => new Error('Permissions Violation for Publish to "$JS.API.INFO"'));
    await expect(untilJetStreamAnswers('account info', denied.step, log, { pauseMs: 1 })).rejects.toThrow(
      /Permissions/,
    );
    expect(denied.calls()).toBe(1);
    const shaped = flaky(5, () => new JetStreamMisconfigured('stream EVENTS captures svc.>'));
    await expect(untilJetStreamAnswers('stream EVENTS', shaped.step, log, { pauseMs: 1 })).rejects.toThrow(/captures/);
    expect(shaped.calls()).toBe(1);
  });

  it('gives up after its patience, with the last error', async () => {
    const never = flaky(1_000, () => new Error('no responders'));
    await expect(untilJetStreamAnswers('consumer x', never.step, log, { patienceMs: 50, pauseMs: 10 })).rejects.toThrow(
      'no responders',
    );
    expect(never.calls()).toBeGreaterThan(1);
  });
});
