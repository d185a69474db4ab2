import { Bus, isSystemCaller, loadBusKeys } from '@voucher/bus';
import type { Caller, CommandDef, ReplyOf, RequestOf } from '@voucher/contracts';
import { createLogger } from '@voucher/kit';
import { infra, type Isolation } from './isolation.ts';

export interface Refusal {
  code: string;
  message: string;
  details?: any;
}

/**
 * Speaks to services over the real, authenticated bus as the platform would
 * (A7): a command goes out as the identity its catalogue entry accepts (the
 * gateway for what users ask, `orders` for a payment, the scheduler for a
 * timed job), and a user caller always with the gateway's assertion.
 */
export interface TestClient {
  /** the gateway's connection */
  bus: Bus;
  /** a connection as another bus identity (a producer of events, a peer service) */
  busAs(identity: string): Promise<Bus>;
  call<C extends CommandDef>(command: C, payload: RequestOf<C>, caller?: Caller): Promise<ReplyOf<C>>;
  /** the AppError a command answers with; fails the test if it succeeds */
  refusal<C extends CommandDef>(command: C, payload: RequestOf<C>, caller?: Caller): Promise<Refusal>;
  close(): Promise<void>;
}

/** A connection of the isolated run as `identity`, with that identity's keys from the set-up. */
export function connectAs(
  iso: Isolation,
  identity: string,
  { requestTimeoutMs = 5000 }: { requestTimeoutMs?: number } = {},
): Promise<Bus> {
  return Bus.connect({
    url: iso.env.NATS_URL!,
    prefix: iso.busPrefix,
    // the isolation's own bus (a cluster of its own has its own keys), else the machine's
    keys: loadBusKeys(iso.env.BUS_KEYS_DIR ?? infra.busKeysDir, identity),
    logger: createLogger(identity, 'silent'),
    requestTimeoutMs,
  });
}

/**
 * Who sends `command` in the running platform for this caller: the platform
 * acting on its own is the service that may send it (the scheduler for a
 * gateway-only command, which the bus then refuses), a user goes through the
 * gateway when the command takes users' requests.
 */
function senderOf(command: CommandDef, caller: Caller | undefined): string {
  const services = command.from.filter((s) => s !== 'gateway');
  if (isSystemCaller(caller)) return services[0] ?? 'scheduler';
  return command.from.includes('gateway') ? 'gateway' : services[0]!;
}

export async function testClient(
  iso: Isolation,
  { requestTimeoutMs = 5000 }: { requestTimeoutMs?: number } = {},
): Promise<TestClient> {
  const connections = new Map<string, Promise<Bus>>();
  const busAs = (identity: string) => {
    let bus = connections.get(identity);
    if (!bus) {
      bus = connectAs(iso, identity, { requestTimeoutMs });
      connections.set(identity, bus);
    }
    return bus;
  };
  const gateway = await busAs('gateway');
  let n = 0;
  const call: TestClient['call'] = async (command, payload, caller) => {
    const sender = await busAs(senderOf(command, caller));
    const requestId = `test-${++n}`;
    if (!caller) return sender.request(command, payload, { requestId });
    const callerAssertion = isSystemCaller(caller) ? undefined : gateway.assertCaller(caller);
    return sender.request(command, payload, { requestId, caller, ...(callerAssertion ? { callerAssertion } : {}) });
  };
  return {
    bus: gateway,
    busAs,
    call,
    async refusal(command, payload, caller) {
      try {
        await call(command, payload, caller);
      } catch (err) {
        return err as Refusal;
      }
      throw new Error(`${command.subject} was expected to refuse`);
    },
    async close() {
      for (const bus of connections.values()) await (await bus).close();
    },
  };
}
