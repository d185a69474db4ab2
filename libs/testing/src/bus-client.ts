import { Bus } from '@voucher/bus';
import type { Caller, CommandDef, ReplyOf, RequestOf } from '@voucher/contracts';
import { createLogger } from '@voucher/kit';
import type { Isolation } from './isolation.ts';

export interface Refusal {
  code: string;
  message: string;
  details?: any;
}

/** Speaks to services over the real bus as the gateway would: a command, a caller in the headers. */
export interface TestClient {
  bus: Bus;
  call<C extends CommandDef>(command: C, payload: RequestOf<C>, caller?: Caller): Promise<ReplyOf<C>>;
  /** the AppError a command answers with; fails the test if it succeeds */
  refusal<C extends CommandDef>(command: C, payload: RequestOf<C>, caller?: Caller): Promise<Refusal>;
  close(): Promise<void>;
}

export async function testClient(
  iso: Isolation,
  name = 'test-client',
  { requestTimeoutMs = 5000 }: { requestTimeoutMs?: number } = {},
): Promise<TestClient> {
  const bus = await Bus.connect({
    url: iso.env.NATS_URL!,
    prefix: iso.busPrefix,
    service: name,
    logger: createLogger(name, 'silent'),
    requestTimeoutMs,
  });
  let n = 0;
  const call: TestClient['call'] = (command, payload, caller) =>
    bus.request(command, payload, { requestId: `${name}-${++n}`, ...(caller ? { caller } : {}) });
  return {
    bus,
    call,
    async refusal(command, payload, caller) {
      try {
        await call(command, payload, caller);
      } catch (err) {
        return err as Refusal;
      }
      throw new Error(`${command.subject} was expected to refuse`);
    },
    close: () => bus.close(),
  };
}
