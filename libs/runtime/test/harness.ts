import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { Bus, loadBusKeys } from '@voucher/bus';
import { healthCommand, type CommandDef, type EventDef, type ServiceName } from '@voucher/contracts';
import { createLogger } from '@voucher/kit';
import { isolate, ownNatsServer, type Isolation, type OwnNatsServer } from '@voucher/testing';
import { startService, type RunningService, type ServiceDefinition } from '../src/index.ts';

const noMigrations = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'no-migrations');

/** A fixture service's world: its own isolation and NATS server, and a gateway connection to it. */
export interface FixtureBus {
  iso: Isolation;
  server: OwnNatsServer;
  /** the gateway's bus identity, which the fixture's commands accept */
  gateway: Bus;
  /** starts the fixture service in this process on this world, `env` added to its environment */
  start<S extends z.ZodRawShape>(def: ServiceDefinition<S>, env?: Record<string, string>): Promise<RunningService>;
  close(): Promise<void>;
}

/**
 * An isolation and a NATS server of the test's own whose permissions come
 * from a catalogue of the test's own: `service` answers its health and
 * `commands`, and consumes as `consumer` (libs/bus generates the permissions
 * from it, as from the platform's).
 */
export async function fixtureBus(
  label: string,
  {
    service,
    commands = [],
    consumer,
  }: { service: ServiceName; commands?: CommandDef[]; consumer?: { name: string; events: EventDef[] } },
): Promise<FixtureBus> {
  const iso = await isolate(label);
  const server = await ownNatsServer({
    services: ['gateway', service],
    commands: [healthCommand(service), ...commands],
    subscriptions: { [service]: { consumers: consumer ? [consumer] : [], watches: [] } },
  });
  const gateway = await Bus.connect({
    url: server.url,
    prefix: '',
    keys: loadBusKeys(server.keysDir, 'gateway'),
    logger: createLogger('gateway', 'silent'),
  });
  return {
    iso,
    server,
    gateway,
    start: (def, env = {}) =>
      startService(def, {
        env: {
          ...process.env,
          ...iso.env,
          NATS_URL: server.url,
          BUS_PREFIX: '',
          BUS_KEYS_DIR: server.keysDir,
          LOG_LEVEL: 'silent',
          ...env,
        },
        installSignals: false,
        migrationsDir: noMigrations,
      }),
    async close() {
      await gateway.close();
      await server.stop();
      await iso.dispose();
    },
  };
}
